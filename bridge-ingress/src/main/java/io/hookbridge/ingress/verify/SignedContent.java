package io.hookbridge.ingress.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generic {@code hmac} sender signs, from a template such as {@code {timestamp}.{body}}: compiled
 * once into literal bytes and slots, so a request only fills in the slots.
 */
public final class SignedContent {

    public static final String DEFAULT = "{body}";
    private static final byte[] TIMESTAMP = new byte[0];
    private static final byte[] BODY = new byte[0];

    /** Literal parts, with {@link #TIMESTAMP} and {@link #BODY} (compared by identity) marking the slots. */
    private final byte[][] parts;
    private final boolean hasTimestamp;
    private final boolean hasBody;

    private SignedContent(byte[][] parts, boolean hasTimestamp, boolean hasBody) {
        this.parts = parts;
        this.hasTimestamp = hasTimestamp;
        this.hasBody = hasBody;
    }

    /** @throws IllegalArgumentException for a placeholder other than {@code {timestamp}} or {@code {body}} */
    public static SignedContent compile(String template) {
        String t = template == null || template.isEmpty() ? DEFAULT : template;
        List<byte[]> parts = new ArrayList<>();
        boolean hasTimestamp = false;
        boolean hasBody = false;
        int i = 0;
        while (i < t.length()) {
            int open = t.indexOf('{', i);
            int close = open < 0 ? -1 : t.indexOf('}', open);
            if (open < 0 || close < 0) {
                parts.add(t.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            if (open > i) parts.add(t.substring(i, open).getBytes(StandardCharsets.UTF_8));
            String name = t.substring(open + 1, close);
            if (name.equals("body")) {
                parts.add(BODY);
                hasBody = true;
            } else if (name.equals("timestamp")) {
                parts.add(TIMESTAMP);
                hasTimestamp = true;
            } else {
                throw new IllegalArgumentException("unknown placeholder {" + name + "} (use {timestamp} and {body})");
            }
            i = close + 1;
        }
        return new SignedContent(parts.toArray(byte[][]::new), hasTimestamp, hasBody);
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    public boolean hasBody() {
        return hasBody;
    }

    /** The parts to sign, in order, for this body and timestamp text (null when there is none). */
    public byte[][] fill(byte[] body, String timestamp) {
        byte[] ts = timestamp == null ? new byte[0] : timestamp.getBytes(StandardCharsets.UTF_8);
        byte[][] filled = parts.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] == BODY) {
                filled[i] = body;
            } else if (filled[i] == TIMESTAMP) {
                filled[i] = ts;
            }
        }
        return filled;
    }
}
