package org.sanphalang.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code pausing:} before a file name) that can hold one thread's read of the file until the test
 * lets it go: a read that started before something else happened to the file is then made to finish after it, every
 * time, instead of by luck of timing. Public, with a public constructor, because H2 makes one per path by reflection.
 */
public final class PausingFilePath extends FilePathWrapper {

    private static final PausingFilePath INSTANCE = new PausingFilePath();
    private static volatile Pause pause;

    static {
        FilePath.register(INSTANCE);
    }

    public PausingFilePath() {
    }

    /** The file name to open {@code path} through this file system. */
    static String of(java.nio.file.Path path) {
        return INSTANCE.getScheme() + ":" + path.toAbsolutePath();
    }

    /** Holds the read after {@code afterReads} more reads by threads that {@code who} accepts, until released. */
    static Pause pauseReadBy(Predicate<Thread> who, int afterReads) {
        Pause p = new Pause(who, afterReads);
        pause = p;
        return p;
    }

    @Override
    public String getScheme() {
        return "pausing";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new PausingChannel(super.open(mode));
    }

    /** One pause: {@link #awaitHeld} until a reader waits in it, then {@link #release}. */
    static final class Pause {

        private final Predicate<Thread> who;
        private final AtomicInteger readsLeft;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Pause(Predicate<Thread> who, int afterReads) {
            this.who = who;
            this.readsLeft = new AtomicInteger(afterReads);
        }

        boolean awaitHeld(Duration atMost) throws InterruptedException {
            return held.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        }

        void release() {
            pause = null;
            released.countDown();
        }

        private void onRead() {
            if (who.test(Thread.currentThread()) && readsLeft.getAndDecrement() == 0) {
                held.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static final class PausingChannel extends FileBase {

        private final FileChannel channel;

        PausingChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            Pause p = pause;
            if (p != null) {
                p.onRead();
            }
            return channel.read(dst, position);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
