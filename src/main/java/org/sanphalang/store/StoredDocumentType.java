package org.sanphalang.store;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded H2 store's collections: documents are written as BSON, with mongo-java-server's own
 * wire codec, instead of by Java serialisation.
 * <p>
 * Why: H2 does not know mongo-java-server's {@link Document}, so its default type Java-serialises every document of
 * every page it writes — class descriptors and all, each time — and the store rewrites a whole page for any change to
 * one document in it. With webhook handling switched off, H2's serialisation thread took 19 % of the bot's CPU samples
 * under saturation, more than the journal moving events into the inbox (bench/RESULTS.md, session 5).
 * <p>
 * Reading is backwards compatible: a value written before (Java-serialised, or any of H2's own tags) is read by
 * {@link ObjectDataType}. Writing is not: a file written by this version is not readable by the stock backend or by
 * an earlier Sanphalang (downgrading needs an export: {@code mongodump} against the embedded store's port).
 * A document the codec cannot encode is written the old way, so nothing is lost for an unusual value.
 */
final class StoredDocumentType extends ObjectDataType {

    /** A tag byte H2's ObjectDataType never writes (it uses 0–19, 32–49 and 64–119). */
    static final byte BSON_DOCUMENT = 126;

    /** H2's own estimate for serialised objects: twice the encoded size, as a moving average (the page cache's budget). */
    private volatile int averageMemory = 256;

    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document ? averageMemory : StoredKeyOrder.H2.get().getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof Document document) {
            ByteBuf encoded = Unpooled.buffer(averageMemory / 2 + 64);
            try {
                BsonEncoder.encodeDocument(document, encoded);
            } catch (RuntimeException notEncodable) {
                StoredKeyOrder.H2.get().write(buff, obj);
                return;
            }
            int length = encoded.readableBytes();
            noteSize(length);
            buff.put(BSON_DOCUMENT).putVarInt(length).put(encoded.array(), encoded.arrayOffset() + encoded.readerIndex(), length);
            return;
        }
        StoredKeyOrder.H2.get().write(buff, obj); // H2's own type, of this thread (see StoredKeyOrder: its cache races)
    }

    @Override
    public Object read(ByteBuffer buff) {
        int start = buff.position();
        if (buff.get() != BSON_DOCUMENT) {
            buff.position(start);
            return StoredKeyOrder.H2.get().read(buff);
        }
        int length = DataUtils.readVarInt(buff);
        ByteBuffer bson = buff.slice();
        bson.limit(length);
        buff.position(buff.position() + length);
        noteSize(length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    private void noteSize(int length) {
        averageMemory = (int) ((length * 2L + 15L * averageMemory) / 16);
    }
}
