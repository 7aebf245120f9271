package org.sanphalang.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/** Days a group said it is too busy for reminders (harvest, a festival), kept here rather than on the group. */
@Component
class BusyDays {

    @Document("schedule_busy_days")
    record GroupBusyDays(@Id String groupId, List<LocalDate> dates) {
    }

    private final MongoTemplate mongo;

    BusyDays(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Set<LocalDate> of(String groupId) {
        GroupBusyDays busy = mongo.findById(groupId, GroupBusyDays.class);
        return busy == null || busy.dates() == null ? Set.of() : new TreeSet<>(busy.dates());
    }

    Set<LocalDate> replace(String groupId, Set<LocalDate> dates) {
        mongo.save(new GroupBusyDays(groupId, List.copyOf(new TreeSet<>(dates))));
        return new TreeSet<>(dates);
    }
}
