package org.sanphalang.groups;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Binds a LINE group to a producer group: an officer issues a code, someone in the group types
 * "ลงทะเบียน 123456" (or "register 123456"). Codes are single use and expire; a group that keeps typing wrong
 * codes waits before it may try again, which makes guessing a six-digit code hopeless.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class GroupRegistration implements ChatHandler {

    private static final Pattern COMMAND = Pattern.compile("^(?:ลงทะเบียน|register)\\s*(\\d{6})$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOOKS_LIKE_COMMAND = Pattern.compile("^(?:ลงทะเบียน|register)(?:[\\s\\d๐-๙].*)?$", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final AuditLog audit;
    private final MessageSource texts;
    private final GroupsSettings settings;
    private final Clock clock;

    GroupRegistration(MongoTemplate mongo, Outbox outbox, AuditLog audit, MessageSource texts, GroupsSettings settings, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.audit = audit;
        this.texts = texts;
        this.settings = settings;
        this.clock = clock;
    }

    public record Details(String name, List<String> products, String village, String tambon, String amphoe, String leader) {
    }

    public record IssuedCode(String code, Instant expiresAt) {
    }

    /** A new single-use code for a producer group that is about to join. */
    public IssuedCode issue(String officer, Details details) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.codeTtl());
        for (int attempt = 0; attempt < 20; attempt++) {
            String code = String.format("%06d", RANDOM.nextInt(1_000_000));
            try {
                mongo.insert(new RegistrationCode(code, details.name(), details.products(), details.village(), details.tambon(),
                        details.amphoe(), details.leader(), officer, now, expires, null, null));
                audit.record(officer, "registration-code.issued", details.name(), Map.of("amphoe", String.valueOf(details.amphoe()),
                        "tambon", String.valueOf(details.tambon())));
                return new IssuedCode(code, expires);
            } catch (DuplicateKeyException taken) {
                // An unused code with these digits exists; draw again.
            }
        }
        throw new IllegalStateException("No free registration code could be drawn");
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.isText() || !LOOKS_LIKE_COMMAND.matcher(message.text()).matches()) {
            return false;
        }
        Matcher command = COMMAND.matcher(message.textWithArabicDigits());
        if (!message.chat().isGroup()) {
            reply(message, "register.in-group-only");
        } else if (!command.matches()) {
            reply(message, "register.how");
        } else {
            register(message, command.group(1));
        }
        return true;
    }

    private void register(ChatMessage message, String code) {
        String groupId = message.chat().id();
        Instant now = clock.instant();
        LineGroup group = mongo.findById(groupId, LineGroup.class);
        if (group != null && group.registered()) {
            reply(message, "register.already", group.displayName());
            return;
        }
        if (group != null && group.registrationLockedUntil() != null && group.registrationLockedUntil().isAfter(now)) {
            reply(message, "register.locked");
            return;
        }
        RegistrationCode used = mongo.findAndModify(
                new Query(where("_id").is(code).and("usedAt").is(null).and("expiresAt").gt(now)),
                new Update().set("usedAt", now).set("usedByGroup", groupId),
                FindAndModifyOptions.options().returnNew(true), RegistrationCode.class);
        if (used == null) {
            wrongCode(groupId, now);
            reply(message, "register.bad-code");
            return;
        }
        mongo.upsert(new Query(where("_id").is(groupId)), new Update()
                .set("registered", true).set("active", true).set("name", used.name()).set("products", used.products())
                .set("village", used.village()).set("tambon", used.tambon()).set("amphoe", used.amphoe())
                .set("leader", used.leader()).set("registeredAt", now).set("registeredBy", used.createdBy())
                .set("registrationFailures", 0).unset("registrationLockedUntil"), LineGroup.class);
        audit.record(used.createdBy(), "group.registered", groupId,
                Map.of("name", String.valueOf(used.name()), "code", code, "typedBy", "line:" + message.userId()));
        reply(message, "register.done", used.name());
    }

    private void wrongCode(String groupId, Instant now) {
        LineGroup after = mongo.findAndModify(new Query(where("_id").is(groupId)), new Update().inc("registrationFailures", 1),
                FindAndModifyOptions.options().upsert(true).returnNew(true), LineGroup.class);
        if (after != null && after.registrationFailures() >= settings.maxCodeFailures()) {
            mongo.updateFirst(new Query(where("_id").is(groupId)), new Update().set("registrationFailures", 0)
                    .set("registrationLockedUntil", now.plus(settings.codeLockout())), LineGroup.class);
        }
    }

    private void reply(ChatMessage message, String key, Object... args) {
        String text = texts.getMessage(key, args, Locale.forLanguageTag("th"));
        outbox.enqueue(OutgoingMessage.reply("register:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "registration", List.of(new TextMessage(text))));
    }
}
