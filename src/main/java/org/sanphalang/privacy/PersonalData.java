package org.sanphalang.privacy;

import java.util.List;
import java.util.Map;

/** Implemented by every module that keeps data about a LINE user. */
public interface PersonalData {

    /** A short name for this kind of data in an export ("memberships", "checkins"). */
    String kind();

    /** Everything kept about the person, as plain values. */
    List<Map<String, Object>> export(String lineUserId);

    /** Deletes (or anonymises, where totals must stay true) what is kept; returns how many records changed. */
    long erase(String lineUserId);

    /** Where the person takes part (amphoe, tambon of their groups), so an officer's area can be checked. */
    default List<Place> placesOf(String lineUserId) {
        return List.of();
    }

    record Place(String amphoe, String tambon) {
    }
}
