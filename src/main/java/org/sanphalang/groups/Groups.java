package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.sanphalang.officers.Area;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read access to groups and their members for other modules; every member query is scoped by group. */
@Component
public class Groups {

    /**
     * Groups per reply of the store when all are read. Without it the driver asks for the rest in one reply after the
     * first 101: ~4 MB for 10,000 groups, which the driver then keeps as an 8 MB buffer in its pool (a heap dump of a
     * broadcast to 10,000 groups; bench/RESULTS.md, session 19). 500 keep each reply near 200 KB.
     */
    static final int REPLY_BATCH = 500;

    private final MongoTemplate mongo;

    Groups(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<LineGroup> find(String groupId) {
        return Optional.ofNullable(mongo.findById(groupId, LineGroup.class));
    }

    /**
     * The group, if it lies in the officer's area. Every officer-facing lookup goes through here (or
     * {@link #in(Area)}), so a group outside the area is "not found" the same way everywhere.
     */
    public Optional<LineGroup> find(String groupId, Area area) {
        return find(groupId).filter(g -> g.within(area));
    }

    /** Every group in the officer's area, registered or not, oldest first. */
    public List<LineGroup> in(Area area) {
        return all().stream().filter(g -> g.within(area)).toList();
    }

    /** The registered groups in the officer's area, oldest first. */
    public List<LineGroup> registeredIn(Area area) {
        return read(where("registered").is(true)).stream().filter(g -> g.within(area)).toList();
    }

    /**
     * Every registered group the bot is still in, whole, oldest first: for what uses more of them than a send's
     * recipients ({@link #liveRecipients}) — stories, the district rollups. The store picks them, so groups that left or
     * never registered are not read.
     */
    public List<LineGroup> live() {
        return read(liveOnes());
    }

    /**
     * The live groups as a send picks its recipients from them (a broadcast, the support notice), oldest first: only
     * what picking needs is read. A broadcast to 10,000 groups read them whole, and the embedded store, asked to sort,
     * held every match whole until the last reply was taken — ~20 MB, besides the groups themselves (heap
     * histograms through a broadcast; bench/RESULTS.md, session 21). So the store neither sorts nor sends the rest:
     * without a sort it streams the matches, keeping only what the projection leaves of each.
     */
    public List<Recipient> liveRecipients() {
        Query query = new Query(liveOnes()).cursorBatchSize(REPLY_BATCH);
        query.fields().include("memberCount", "products", "village", "tambon", "amphoe", "joinedAt");
        List<Recipient> found = new ArrayList<>(mongo.find(query, Recipient.class, LineGroup.COLLECTION));
        found.sort(Comparator.comparing(Recipient::joinedAt, Comparator.nullsFirst(Comparator.naturalOrder()))); // as MongoDB sorts
        return found;
    }

    /** Registered groups the bot is still in: those it sends to. */
    private static Criteria liveOnes() {
        return where("registered").is(true).and("active").is(true);
    }

    /** What picking a send's recipients reads of a live group ({@link #liveRecipients}). */
    public record Recipient(@Id String id, Integer memberCount, List<String> products, String village, String tambon,
                            String amphoe, Instant joinedAt) {

        /** As {@link LineGroup#within}. */
        public boolean within(Area area) {
            return area.covers(amphoe, tambon);
        }
    }

    /** Members as LINE last counted them (kept by the roster), if known. */
    public Optional<Integer> memberCount(String groupId) {
        return find(groupId).map(LineGroup::memberCount);
    }

    /** Every group, oldest first, read in replies of at most {@value #REPLY_BATCH}. */
    public List<LineGroup> all() {
        return read(new Criteria());
    }

    private List<LineGroup> read(Criteria which) {
        return mongo.find(new Query(which).with(Sort.by("joinedAt")).cursorBatchSize(REPLY_BATCH), LineGroup.class);
    }

    public List<GroupMember> members(String groupId) {
        return mongo.find(new Query(where("groupId").is(groupId)).with(Sort.by("firstSeenAt")), GroupMember.class);
    }

    public Optional<LineUser> user(String userId) {
        return Optional.ofNullable(mongo.findById(userId, LineUser.class));
    }
}
