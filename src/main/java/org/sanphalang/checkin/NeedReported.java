package org.sanphalang.checkin;

import java.time.Instant;

/**
 * Someone in a registered group reported a problem or asked for help. Published while the message is handled
 * (synchronously): the listener records the need and answers, keyed on {@code eventKey}.
 *
 * @param messageId LINE's message id: the need's natural key, and what an unsend removes
 */
public record NeedReported(String eventKey, String groupId, String lineUserId, String messageId, String text,
                           NeedCategory category, String product, Instant at, String replyToken) {
}
