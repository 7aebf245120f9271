package org.sanphalang.checkin;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Implemented by the needs module, so summaries can show a group's open needs without depending on it. */
public interface OpenNeeds {

    long count(String groupId);

    /** Open needs per group for many groups at once (one query, not one per group); groups with none are left out. */
    Map<String, Long> counts(Collection<String> groupIds);

    /** Short descriptions of a group's open needs, newest first. */
    List<String> describe(String groupId, int limit);
}
