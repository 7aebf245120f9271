package org.sanphalang.outbound;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.sanphalang.audit.AuditLog;
import org.sanphalang.outbound.internal.OutboxDispatcher;
import org.sanphalang.outbound.internal.QuotaPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The monthly message quota for officers: what is left, what a send would cost, and lifting a pause. */
@RestController
class QuotaController {

    private static final Logger log = LoggerFactory.getLogger(QuotaController.class);

    private final SendCost cost;
    private final QuotaPause pause;
    private final OutboxDispatcher dispatcher;
    private final AuditLog audit;
    private final Clock clock;

    QuotaController(SendCost cost, QuotaPause pause, OutboxDispatcher dispatcher, AuditLog audit, Clock clock) {
        this.cost = cost;
        this.pause = pause;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param to       user, group or room ids the send would go to
     * @param messages separate sends to each (default 1)
     */
    record EstimateRequest(@NotEmpty @Size(max = 20_000) List<@NotBlank @Size(max = 64) String> to,
                           @Min(1) @Max(100) Integer messages) {
    }

    @GetMapping("/api/v1/quota")
    SendCost.Quota quota() {
        return cost.quota();
    }

    @PostMapping("/api/v1/quota/estimate")
    SendCost.Estimate estimate(@Valid @RequestBody EstimateRequest request) {
        return cost.estimate(request.to(), request.messages() == null ? 1 : request.messages());
    }

    /** Lifts a quota pause at once, e.g. after the plan was raised; pushes waiting since then go out. */
    @PostMapping("/api/v1/quota/resume")
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, Object> resume(Principal officer) {
        Instant now = clock.instant();
        boolean wasPaused = pause.resume(now, officer.getName());
        audit.record(officer.getName(), "quota.resume", "outbox", Map.of("wasPaused", Boolean.toString(wasPaused)));
        dispatcher.resumed();
        return Map.of("resumed", wasPaused, "at", now);
    }

    /** LINE being unreachable is not the officer's error, and may pass: 503 says "try again". */
    @ExceptionHandler(SendCost.QuotaUnavailable.class)
    ProblemDetail unavailable(SendCost.QuotaUnavailable e) {
        log.info("Quota asked for but unavailable: {}", e.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "LINE did not report the quota; try again shortly");
    }
}
