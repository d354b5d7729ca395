package io.hookbridge.ingress.verify;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The exception-free decoders agree with the JDK's on valid input and say null to the rest. */
class DecodingTest {

    @Test
    void decodersAgreeWithTheJdk() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            String b64 = Base64.getEncoder().encodeToString(bytes);
            String hex = HexFormat.of().formatHex(bytes);
            if (bytes.length > 0) {
                assertThat(Hmac.fromBase64(b64)).isEqualTo(bytes);
                assertThat(Hmac.fromHex(hex)).isEqualTo(bytes);
                assertThat(Hmac.fromHex(hex.toUpperCase())).isEqualTo(bytes);
            }
        }
    }

    @Test
    void malformedInputIsNull() {
        assertThat(Hmac.fromHex("abc")).isNull();
        assertThat(Hmac.fromHex("zz")).isNull();
        assertThat(Hmac.fromHex("")).isNull();
        assertThat(Hmac.fromHex("\u0660\u0661")).isNull();
        assertThat(Hmac.fromBase64("abc")).isNull();
        assertThat(Hmac.fromBase64("ab=c")).isNull();
        assertThat(Hmac.fromBase64("a===")).isNull();
        assertThat(Hmac.fromBase64("ab\u00e9=")).isNull();
        assertThat(Hmac.fromBase64("ab-_")).isNull();
        assertThat(Hmac.fromBase64("")).isNull();
    }

    @Test
    void jsonFieldsReadsOnlyWellFormedObjects() {
        JsonFields fields = new JsonFields("id", "event.type", "type");
        assertThat(fields.read("{\"a\":[{\"id\":\"no\"}],\"event\":{\"x\":{\"type\":\"no\"},\"type\":\"t\"},\"id\":\"yes\"}".getBytes()))
                .containsExactly("yes", "t", null);
        assertThat(fields.read("{\"id\":42,\"type\":null}".getBytes())).containsExactly("42", null, null);
        assertThat(fields.read("{\"id\":{\"nested\":1}}".getBytes())).containsExactly(null, null, null);
        assertThat(fields.read("{\"id\":\"a\"}{}".getBytes())).isNull();
        assertThat(fields.read("{\"id\":\"a\"".getBytes())).isNull();
        assertThat(fields.read("[]".getBytes())).isNull();
        assertThat(fields.read("".getBytes())).isNull();
        assertThat(fields.read("\"id\"".getBytes())).isNull();
        assertThat(fields.read("[".repeat(5000).getBytes())).isNull();
    }
}
