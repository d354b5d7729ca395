package io.hookbridge.egress.delivery;

import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry gate on records as the consumer reads them: due, not due (capped), or malformed. */
class RetryGateTest {

    private static final long NOW = 1_700_000_000_000L;
    private final RetryGate gate = new RetryGate(new RetryTiers("r", List.of(Duration.ofSeconds(5), Duration.ofMinutes(5))));

    static ConsumerRecord<byte[], byte[]> record(String topic, long timestamp, String... headerPairs) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "d-1".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(topic, 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 0,
                "d-1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }

    private RetryGate.Verdict judge(long timestamp, String... headers) {
        return gate.judge(record("r.5s", timestamp, headers), NOW);
    }

    @Test
    void aRecordIsDueAtItsDueTime() {
        assertThat(judge(NOW - 5_000, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, Long.toString(NOW))).isInstanceOf(RetryGate.Due.class);
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, Long.toString(NOW + 5_000))).isEqualTo(new RetryGate.NotDue(NOW + 5_000));
    }

    @Test
    void aDueTimeIsCappedAtTheTiersReachFromTheRecordsTimestamp() {
        assertThat(judge(NOW - 1_000, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, "9000000000000000000"))
                .as("5 s tier: 5 s + 20 %% jitter from when it was written").isEqualTo(new RetryGate.NotDue(NOW + 5_000));
        assertThat(judge(NOW - 7_000, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, "9000000000000000000")).isInstanceOf(RetryGate.Due.class);
    }

    @Test
    void aMalformedRecordIsRefusedWithTheReasonInWords() {
        assertThat(judge(NOW, RetryRecords.ATTEMPTS, "1", RetryRecords.DUE_AT, "0"))
                .isEqualTo(new RetryGate.Malformed("no hookbridge-subscription header"));
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub 1\r\nX: y", RetryRecords.ATTEMPTS, "1", RetryRecords.DUE_AT, "0"))
                .isEqualTo(new RetryGate.Malformed("hookbridge-subscription is not a subscription id"));
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "two", RetryRecords.DUE_AT, "0"))
                .isEqualTo(new RetryGate.Malformed("hookbridge-attempts is not a decimal number: two"));
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "-1", RetryRecords.DUE_AT, "0"))
                .isEqualTo(new RetryGate.Malformed("hookbridge-attempts is negative: -1"));
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1"))
                .isEqualTo(new RetryGate.Malformed("no hookbridge-due-at header"));
        assertThat(judge(NOW, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, "99999999999999999999999"))
                .isEqualTo(new RetryGate.Malformed("hookbridge-due-at is not a decimal number: 99999999999999999999999"));
        assertThat(judge(NOW + 3_600_000, RetryRecords.SUBSCRIPTION, "sub_1", RetryRecords.ATTEMPTS, "1",
                RetryRecords.DUE_AT, "0")).isEqualTo(new RetryGate.Malformed("the record's timestamp is 3600000 ms in the future"));
    }
}
