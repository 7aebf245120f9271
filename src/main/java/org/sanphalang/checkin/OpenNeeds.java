package org.sanphalang.checkin;

import java.util.List;

/** Implemented by the needs module, so summaries can show a group's open needs without depending on it. */
public interface OpenNeeds {

    long count(String groupId);

    /** Short descriptions of a group's open needs, newest first. */
    List<String> describe(String groupId, int limit);
}
