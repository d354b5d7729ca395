package io.hookbridge.ingress.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads a few fields of a JSON object (such as {@code id} or {@code event.type}) in one streaming pass,
 * without building a tree of the whole body. The whole body is still tokenized, so a body with trailing
 * garbage or broken syntax does not parse.
 */
public final class JsonFields {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private final String[][] paths;

    /** @param dottedPaths e.g. {@code "id"}, {@code "event.type"} (at most 32) */
    public JsonFields(String... dottedPaths) {
        if (dottedPaths.length > 32) throw new IllegalArgumentException("at most 32 paths");
        this.paths = new String[dottedPaths.length][];
        for (int i = 0; i < dottedPaths.length; i++) {
            paths[i] = dottedPaths[i].split("\\.");
        }
    }

    /**
     * The text of each path's value, in the order of the constructor (an entry is null where the body has
     * no such scalar value), or null when the body is not one well-formed JSON object.
     */
    public String[] read(byte[] body) {
        String[] values = new String[paths.length];
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return null;
            readObject(parser, 0, (int) ((1L << paths.length) - 1), values);
            return parser.nextToken() == null ? values : null;
        } catch (IOException | RuntimeException e) {
            // Jackson's JsonParseException, or its limits (nesting depth, string length) being hit.
            return null;
        }
    }

    private void readObject(JsonParser parser, int depth, int active, String[] values) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int children = 0;
            for (int i = 0; i < paths.length; i++) {
                if ((active & (1 << i)) == 0 || !paths[i][depth].equals(name)) continue;
                if (paths[i].length == depth + 1) {
                    if (value.isScalarValue() && values[i] == null) values[i] = parser.getValueAsString();
                } else if (value == JsonToken.START_OBJECT) {
                    children |= 1 << i;
                }
            }
            if (children != 0) {
                readObject(parser, depth + 1, children, values);
            } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) throw new IOException("not a JSON object");
    }
}
