package org.sanphalang.outbound;

/**
 * How many people a send to one chat is charged for: LINE counts a push to a group once per member.
 * Implemented by the module that knows the groups (so the dependency runs from it to this one, not back).
 */
@FunctionalInterface
public interface RecipientCounter {

    /**
     * @param to a user, group or room id
     * @return people charged for one send to it (1 for a user)
     */
    int recipients(String to);
}
