package org.sanphalang.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a send costs against the monthly quota, counted as LINE charges it: each group member, each user once. */
class SendCostTest extends OutboxContext {

    @Autowired
    SendCost cost;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void groupsCountTheirMembersAndUsersCountOne() {
        knownGroup(group(8, 1), 37);
        knownGroup(group(8, 2), 12);
        LINE.quota(500);

        SendCost.Estimate estimate = cost.estimate(List.of(group(8, 1), group(8, 2), user(1)), 1);

        assertThat(estimate.targets()).isEqualTo(3);
        assertThat(estimate.recipients()).isEqualTo(50);
        assertThat(estimate.charged()).isEqualTo(50);
        assertThat(estimate.remaining()).isEqualTo(500);
        assertThat(estimate.exceedsQuota()).isFalse();
    }

    @Test
    void aSendChargedMoreThanIsLeftThisMonthIsFlagged() {
        knownGroup(group(8, 3), 40);
        LINE.quota(500);
        outbox.enqueue(OutgoingMessage.push("spent", group(8, 4), "test", text("ใช้ไปแล้ว"))); // stand-in charges 5
        awaitDrained(java.time.Duration.ofSeconds(15));

        SendCost.Estimate three = cost.estimate(List.of(group(8, 3), user(2)), 3);
        assertThat(three.charged()).isEqualTo(123);
        assertThat(three.remaining()).isEqualTo(495);
        assertThat(three.exceedsQuota()).isFalse();

        SendCost.Estimate thirteen = cost.estimate(List.of(group(8, 3), user(2)), 13);
        assertThat(thirteen.charged()).isEqualTo(533);
        assertThat(thirteen.exceedsQuota()).isTrue();
    }

    @Test
    void aGroupWithNoCountOnRecordIsCountedAsLineReportsIt() {
        LINE.memberCount(group(8, 5), 8);
        assertThat(cost.estimate(List.of(group(8, 5)), 1).recipients()).isEqualTo(8);
    }

    @Test
    void officersSeeTheQuotaAndEstimatesThroughTheApi() {
        knownGroup(group(8, 6), 20);
        LINE.quota(1_000);

        HttpResponse<String> quota = asAdmin("GET", "/api/v1/quota", null);
        assertThat(quota.statusCode()).isEqualTo(200);
        assertThat(quota.body()).contains("\"limit\":1000", "\"used\":0", "\"remaining\":1000");
        assertThat(meters.get("sanphalang.outbox.quota.limit").gauge().value()).isEqualTo(1000.0);
        assertThat(meters.get("sanphalang.outbox.quota.used").gauge().value()).isZero();

        HttpResponse<String> estimate = asAdmin("POST", "/api/v1/quota/estimate",
                "{\"to\":[\"" + group(8, 6) + "\",\"" + user(3) + "\"]}");
        assertThat(estimate.statusCode()).as(estimate.body()).isEqualTo(200);
        assertThat(estimate.body()).contains("\"recipients\":21", "\"charged\":21", "\"exceedsQuota\":false");

        assertThat(asAdmin("POST", "/api/v1/quota/estimate", "{\"to\":[]}").statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/v1/quota", null, null, null).statusCode()).isEqualTo(401);
        LINE.assertNoViolations();
    }

    private void knownGroup(String id, int members) {
        mongo.save(new Document("_id", id).append("active", true).append("memberCount", members), "groups");
    }
}
