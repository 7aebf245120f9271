package org.sanphalang.groups;

import org.sanphalang.outbound.RecipientCounter;
import org.springframework.stereotype.Component;

/**
 * Tells the outbox what a send to a chat is charged: a user is one person; a group is every member, as the
 * roster last counted them (asking LINE only for a group it has no count for, e.g. one joined before counts
 * were kept, and for rooms, which the roster does not keep).
 */
@Component
class GroupRecipients implements RecipientCounter {

    private final Groups groups;
    private final LineDirectory directory;

    GroupRecipients(Groups groups, LineDirectory directory) {
        this.groups = groups;
        this.directory = directory;
    }

    @Override
    public int recipients(String to) {
        if (to.startsWith("U")) {
            return 1;
        }
        if (to.startsWith("C")) {
            var known = groups.memberCount(to);
            if (known.isPresent()) {
                return known.get();
            }
        }
        // Unknown: ask LINE; if even LINE cannot say, count one rather than refuse to estimate.
        return directory.memberCount(to).orElse(1);
    }
}
