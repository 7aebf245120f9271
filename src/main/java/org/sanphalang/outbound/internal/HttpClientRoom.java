package org.sanphalang.outbound.internal;

import org.sanphalang.line.LineSettings;
import org.sanphalang.outbound.OutboundSettings;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the LINE client allows fewer calls at once than the outbox makes: the rest would wait in the
 * client's queue while their call timeout runs, time out unanswered and be made again — slower, and no error says why.
 */
@Component
class HttpClientRoom {

    HttpClientRoom(OutboundSettings outbound, LineSettings line) {
        if (line.maxConcurrentRequests() < outbound.callsInFlight()) {
            throw new IllegalStateException("sanphalang.line.max-concurrent-requests (" + line.maxConcurrentRequests()
                    + ") must be at least sanphalang.outbound.calls-in-flight (" + outbound.callsInFlight()
                    + "): each call in flight needs a place in the LINE client. Raise the one or lower the other.");
        }
    }
}
