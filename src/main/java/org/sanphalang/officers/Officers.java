package org.sanphalang.officers;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sanphalang.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Officer accounts: login, the current officer, LINE linking, and look-ups for other modules. */
@Component
public class Officers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(Officers.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final PasswordEncoder encoder;
    private final AdminSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    Officers(MongoTemplate mongo, PasswordEncoder encoder, AdminSettings settings, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.encoder = encoder;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Officer officer = mongo.findById(username, Officer.class);
        if (officer == null) {
            throw new UsernameNotFoundException("No such officer");
        }
        return User.withUsername(officer.username()).password(officer.passwordHash()).disabled(!officer.enabled())
                .roles(officer.role().name()).build();
    }

    /** Creates the first administrator when there is none of that name, as the settings say. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureFirstAdministrator() {
        if (mongo.findById(settings.user(), Officer.class) != null) {
            return;
        }
        String password = settings.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = randomToken(12);
        }
        try {
            mongo.insert(new Officer(settings.user(), encoder.encode(password), "Administrator", Role.ADMIN, Area.EVERYWHERE,
                    true, null, null, null, clock.instant()));
            audit.record("system", "officer.created", settings.user(), Map.of("role", Role.ADMIN.name()));
            if (generated) {
                log.warn("Created administrator '{}' with this generated password (shown once; set SANPHALANG_ADMIN_PASSWORD to choose): {}",
                        settings.user(), password);
            }
        } catch (DuplicateKeyException anotherInstanceWasFaster) {
            // Two instances starting together: one creates it, and that is enough.
        }
    }

    public Optional<Officer> find(String username) {
        return Optional.ofNullable(mongo.findById(username, Officer.class));
    }

    /** The officer whose request this is; empty outside a logged-in request. */
    public Optional<Officer> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() ? Optional.empty() : find(auth.getName());
    }

    /** The area the current officer may see: everywhere for an administrator. */
    public Area currentArea() {
        return current().map(o -> o.isAdmin() ? Area.EVERYWHERE : o.area() == null ? new Area("-", "-") : o.area())
                .orElse(new Area("-", "-"));
    }

    public Optional<Officer> byLineUser(String lineUserId) {
        if (lineUserId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(new Query(where("lineUserId").is(lineUserId)), Officer.class));
    }

    /** Officers (not viewers) whose area covers a place, for escalations. */
    public List<Officer> responsibleFor(String amphoe, String tambon) {
        return mongo.find(new Query(where("enabled").is(true).and("role").in(Role.OFFICER, Role.ADMIN)), Officer.class)
                .stream().filter(o -> o.role() == Role.OFFICER ? o.area() != null && o.area().covers(amphoe, tambon) : false)
                .toList();
    }

    public List<Officer> all() {
        return mongo.find(new Query().with(Sort.by("username")), Officer.class);
    }

    Officer create(String actor, String username, String password, String displayName, Role role, Area area) {
        Officer officer = new Officer(username, encoder.encode(password), displayName, role, area, true, null, null, null, clock.instant());
        mongo.insert(officer);
        audit.record(actor, "officer.created", username, Map.of("role", role.name(), "area", String.valueOf(area)));
        return officer;
    }

    Optional<Officer> update(String actor, String username, Role role, Area area, Boolean enabled, String displayName) {
        Update update = new Update();
        if (role != null) {
            update.set("role", role);
        }
        if (area != null) {
            update.set("area", area);
        }
        if (enabled != null) {
            update.set("enabled", enabled);
        }
        if (displayName != null) {
            update.set("displayName", displayName);
        }
        Officer before = mongo.findAndModify(new Query(where("_id").is(username)), update, Officer.class);
        if (before != null) {
            audit.record(actor, "officer.changed", username, Map.of(
                    "role", before.role() + " -> " + (role != null ? role : before.role()),
                    "area", before.area() + " -> " + (area != null ? area : before.area()),
                    "enabled", before.enabled() + " -> " + (enabled != null ? enabled : before.enabled())));
        }
        return Optional.ofNullable(mongo.findById(username, Officer.class));
    }

    /** A one-time code the officer types to the bot in a 1:1 chat to link their LINE account. */
    LinkCode newLinkCode(String username) {
        String code = Integer.toString(10_000_000 + RANDOM.nextInt(90_000_000));
        Instant expires = clock.instant().plus(settings.linkCodeTtl());
        mongo.updateFirst(new Query(where("_id").is(username)),
                new Update().set("linkCode", code).set("linkCodeExpiresAt", expires), Officer.class);
        return new LinkCode(code, expires);
    }

    record LinkCode(String code, Instant expiresAt) {
    }

    /** Binds a LINE user to the officer holding this unexpired code; the code works once. */
    Optional<Officer> link(String code, String lineUserId) {
        Officer linked = mongo.findAndModify(
                new Query(where("linkCode").is(code).and("linkCodeExpiresAt").gt(clock.instant())),
                new Update().set("lineUserId", lineUserId).unset("linkCode").unset("linkCodeExpiresAt"),
                FindAndModifyOptions.options().returnNew(true), Officer.class);
        if (linked != null) {
            // One LINE account speaks for one officer only.
            mongo.updateMulti(new Query(where("lineUserId").is(lineUserId).and("_id").ne(linked.username())),
                    new Update().unset("lineUserId"), Officer.class);
            audit.record("line:" + lineUserId, "officer.line-linked", linked.username(), Map.of());
        }
        return Optional.ofNullable(linked);
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
