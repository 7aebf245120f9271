package org.sanphalang.needs;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Support given to a group, with the reason — told to every registered group in the area. */
@Document("support")
public record SupportRecord(@Id String id, String groupId, String groupName, String what, Agency agency, String reason,
                            String needId, String recordedBy, Instant at, String amphoe, String tambon, int groupsTold) {
}
