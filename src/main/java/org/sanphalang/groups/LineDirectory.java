package org.sanphalang.groups;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Names and counts as LINE reports them. A failed look-up is not a failed event: the roster keeps what it has
 * and tries again the next time the person or group is seen.
 */
@Component
class LineDirectory {

    private static final Logger log = LoggerFactory.getLogger(LineDirectory.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final MessagingApiClient line;

    LineDirectory(MessagingApiClient line) {
        this.line = line;
    }

    record GroupInfo(String name, String pictureUrl, Integer memberCount) {
    }

    Optional<GroupInfo> group(String groupId) {
        try {
            var summary = line.getGroupSummary(groupId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body();
            Integer count = null;
            try {
                count = line.getGroupMemberCount(groupId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body().count();
            } catch (Exception e) {
                log.debug("Member count of {} unavailable: {}", groupId, e.toString());
            }
            return Optional.of(new GroupInfo(summary.groupName(),
                    summary.pictureUrl() == null ? null : summary.pictureUrl().toString(), count));
        } catch (Exception e) {
            interruptIfNeeded(e);
            log.info("Group summary of {} unavailable: {}", groupId, e.toString());
            return Optional.empty();
        }
    }

    /** Members of a group ({@code C…}) or room ({@code R…}) as LINE counts them now. */
    Optional<Integer> memberCount(String chatId) {
        try {
            var count = chatId.startsWith("R")
                    ? line.getRoomMemberCount(chatId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body().count()
                    : line.getGroupMemberCount(chatId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body().count();
            return Optional.ofNullable(count);
        } catch (Exception e) {
            interruptIfNeeded(e);
            log.info("Member count of {} unavailable: {}", chatId, e.toString());
            return Optional.empty();
        }
    }

    Optional<String> memberName(String groupId, String userId) {
        try {
            return Optional.ofNullable(line.getGroupMemberProfile(groupId, userId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body().displayName());
        } catch (Exception e) {
            interruptIfNeeded(e);
            log.info("Profile of {} in {} unavailable: {}", userId, groupId, e.toString());
            return Optional.empty();
        }
    }

    Optional<String> userName(String userId) {
        try {
            return Optional.ofNullable(line.getProfile(userId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).body().displayName());
        } catch (Exception e) {
            interruptIfNeeded(e);
            log.info("Profile of {} unavailable: {}", userId, e.toString());
            return Optional.empty();
        }
    }

    private static void interruptIfNeeded(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
