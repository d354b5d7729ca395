package io.hookbridge.egress.subscription;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final String OLD = Base64.getEncoder().encodeToString(SecretSealer.newKey());
    private static final String NEW = Base64.getEncoder().encodeToString(SecretSealer.newKey());

    private static JsonObject plain() {
        return new JsonObject().put("id", "sub_1").put("url", "https://example.com/h").put("secret", "whsec_c2VjcmV0")
                .put("previousSecret", "whsec_b2xk").put("headers", new JsonObject().put("Authorization", "Bearer tok"))
                .put("enabled", true);
    }

    @Test
    void sealsSecretsAndHeadersAndOpensThemAgain() {
        SecretSealer sealer = SecretSealer.of(NEW, List.of());
        JsonObject stored = sealer.seal("sub_1", plain());

        assertThat(stored.encode()).doesNotContain("whsec_c2VjcmV0", "whsec_b2xk", "Bearer tok", "Authorization");
        assertThat(stored.fieldNames()).contains("id", "url", "enabled", "sealed").doesNotContain("secret", "headers");
        assertThat(stored.getJsonObject("sealed").getString("kid")).isEqualTo(sealer.currentKeyId()).hasSize(8);
        assertThat(sealer.open("sub_1", stored)).isEqualTo(plain());
        assertThat(sealer.isCurrent(stored)).isTrue();
        assertThat(sealer.seal("sub_1", plain()).getJsonObject("sealed").getString("data"))
                .as("a fresh nonce each time").isNotEqualTo(stored.getJsonObject("sealed").getString("data"));
    }

    @Test
    void aPreviousKeyStillOpensWhatItSealed() {
        JsonObject stored = SecretSealer.of(OLD, List.of()).seal("sub_1", plain());
        SecretSealer rotated = SecretSealer.of(NEW, List.of(OLD));
        assertThat(rotated.open("sub_1", stored)).isEqualTo(plain());
        assertThat(rotated.isCurrent(stored)).isFalse();
        assertThat(rotated.isCurrent(rotated.seal("sub_1", plain()))).isTrue();
    }

    @Test
    void anUnknownKeyIsNamed() {
        JsonObject stored = SecretSealer.of(OLD, List.of()).seal("sub_1", plain());
        assertThatThrownBy(() -> SecretSealer.of(NEW, List.of()).open("sub_1", stored))
                .isInstanceOf(SecretSealer.UnknownKeyException.class)
                .hasMessageContaining(SecretSealer.keyId(Base64.getDecoder().decode(OLD)));
    }

    @Test
    void sealedFieldsBelongToTheirSubscriptionAndCannotBeChanged() {
        SecretSealer sealer = SecretSealer.of(NEW, List.of());
        JsonObject stored = sealer.seal("sub_1", plain());
        assertThatThrownBy(() -> sealer.open("sub_2", stored)).isInstanceOf(IllegalArgumentException.class);
        JsonObject changed = stored.copy();
        String data = changed.getJsonObject("sealed").getString("data");
        changed.getJsonObject("sealed").put("data", (data.charAt(0) == 'A' ? "B" : "A") + data.substring(1));
        assertThatThrownBy(() -> sealer.open("sub_1", changed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordInClearIsReadAsItIs() {
        SecretSealer sealer = SecretSealer.of(NEW, List.of());
        assertThat(sealer.open("sub_1", plain())).isEqualTo(plain());
        assertThat(sealer.isCurrent(plain())).isFalse();
    }

    @Test
    void keysAre32BytesOfBase64() {
        assertThatThrownBy(() -> SecretSealer.decodeKey("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretSealer.decodeKey("not base64!")).hasMessageContaining("base64");
        assertThat(SecretSealer.decodeKey(NEW)).hasSize(32);
    }
}
