package io.hookbridge.egress.delivery;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Outcome.retryAfterMillis("120", 0)).isEqualTo(120_000L);
        long now = ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2025, 1, 1, 0, 1, 0, 0, ZoneOffset.UTC));
        assertThat(Outcome.retryAfterMillis(date, now)).isEqualTo(60_000L);
        assertThat(Outcome.retryAfterMillis("soon", now)).isNull();
        assertThat(Outcome.retryAfterMillis(null, now)).isNull();
        assertThat(Outcome.response(503, "2", now).retryAfterMillis()).isEqualTo(2_000L);
        assertThat(Outcome.response(410, null, now).label()).isEqualTo("gone");
        assertThat(Outcome.response(204, null, now).succeeded()).isTrue();
    }
}
