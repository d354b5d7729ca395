package io.hookbridge.egress.subscription;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    private static Subscription at(String url) {
        return new Subscription("sub_1", url, List.of("*"), null, Map.of(), true, "whsec_x", null, null,
                Instant.EPOCH, Instant.EPOCH, null, null, null);
    }

    @Test
    void logsSeeNoQueryStringUserInfoOrFragment() {
        assertThat(at("https://user:pw@orders.example.com:8443/hooks/in?token=s3cr3t&x=1#frag").urlForLogs())
                .isEqualTo("https://orders.example.com:8443/hooks/in");
        assertThat(at("http://[2001:db8::1]/h?k=v").urlForLogs()).isEqualTo("http://[2001:db8::1]/h");
        assertThat(at("https://orders.example.com").urlForLogs()).isEqualTo("https://orders.example.com");
        assertThat(at("not a url").urlForLogs()).doesNotContain("not a url");
    }
}
