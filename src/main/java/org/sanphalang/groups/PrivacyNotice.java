package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import org.springframework.context.MessageSource;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The short notice of what is kept and why, shown to a group the first time a villager's data is stored there.
 * Whoever stores personal data asks for it and sends it along with their own answer.
 */
@Component
public class PrivacyNotice {

    private final MongoTemplate mongo;
    private final MessageSource texts;
    private final Clock clock;

    PrivacyNotice(MongoTemplate mongo, MessageSource texts, Clock clock) {
        this.mongo = mongo;
        this.texts = texts;
        this.clock = clock;
    }

    /** The notice, the first time it is asked for in this group (atomically: exactly one caller gets it). */
    public Optional<Message> firstTime(String groupId) {
        LineGroup before = mongo.findAndModify(new Query(where("_id").is(groupId).and("privacyNoticeAt").is(null)),
                new Update().set("privacyNoticeAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(false), LineGroup.class);
        if (before == null) {
            return Optional.empty();
        }
        return Optional.of(new TextMessage(texts.getMessage("privacy.notice", null, Locale.forLanguageTag("th"))));
    }
}
