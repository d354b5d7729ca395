package io.hookbridge.docs;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Secret;
import io.hookbridge.deploy.RepoFiles;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents every key the code reads, and no key the code does not read. The keys come
 * from the config records by reflection: record components, nested records, map values
 * ({@code ingress.sources.<name>.verifier}) and list elements ({@code egress.routes[].type}).
 */
class ConfigurationDocTest {

    /** Values an operator writes as one scalar, though some are records or maps in the code. */
    private static final Set<Class<?>> LEAVES = Set.of(String.class, Integer.class, Long.class, Short.class,
            Boolean.class, Duration.class, Path.class, Secret.class, int.class, long.class, short.class, boolean.class);
    /** A table row's first cell: {@code | `a.b.c` |}. */
    private static final Pattern ROW_KEY = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    private final String doc = RepoFiles.read("docs/configuration.md");

    @Test
    void everyKeyOfTheConfigRecordsIsDocumented() {
        Set<String> keys = keys();
        assertThat(keys).contains("kafka.bootstrapServers", "ingress.sources.<name>.verifier",
                "egress.delivery.retrySchedule", "egress.routes[].type");
        for (String key : keys) {
            // A key is documented in a table row, or, for a whole section such as `egress`, by its heading.
            boolean documented = doc.contains("`" + key + "`") || doc.contains("\n## " + key + "\n");
            assertThat(documented).as("docs/configuration.md documents `%s`", key).isTrue();
        }
    }

    @Test
    void everyDocumentedKeyExistsInTheCode() {
        Set<String> keys = keys();
        Matcher m = ROW_KEY.matcher(doc);
        List<String> documented = new ArrayList<>();
        while (m.find()) documented.add(m.group(1));
        assertThat(documented).isNotEmpty();
        assertThat(documented).as("keys in the tables of docs/configuration.md").allSatisfy(k -> assertThat(keys).contains(k));
        assertThat(documented).doesNotHaveDuplicates();
    }

    @Test
    void eachSectionHoldsItsOwnKeys() {
        for (String section : List.of("kafka", "topics", "ingress", "ingress.sources.&lt;name&gt;", "egress",
                "egress.delivery", "egress.routes")) {
            assertThat(doc).contains("\n## " + section + "\n");
        }
    }

    static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        walk(HookbridgeConfig.class, "", keys);
        return keys;
    }

    private static void walk(Class<?> record, String prefix, Set<String> keys) {
        for (RecordComponent component : record.getRecordComponents()) {
            String key = prefix + component.getName();
            keys.add(key);
            value(component.getGenericType(), key, keys);
        }
    }

    /** What a value of {@code type} at {@code key} adds: nothing for a leaf, the keys inside otherwise. */
    private static void value(Type type, String key, Set<String> keys) {
        if (type instanceof Class<?> c) {
            if (c.isRecord() && !LEAVES.contains(c)) walk(c, key + ".", keys);
            return;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Map.class.isAssignableFrom(raw)) {
                Type values = p.getActualTypeArguments()[1];
                // Pass-through maps (kafka.producer) are one key; maps of records are named sections.
                if (values instanceof Class<?> c && c.isRecord() && !LEAVES.contains(c)) walk(c, key + ".<name>.", keys);
            } else if (List.class.isAssignableFrom(raw)) {
                Type elements = p.getActualTypeArguments()[0];
                if (elements instanceof Class<?> c && c.isRecord() && !LEAVES.contains(c)) walk(c, key + "[].", keys);
            }
        }
    }
}
