package io.hookbridge.common.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the YAML configuration: expands {@code ${VAR}} / {@code ${VAR:-default}} from the environment,
 * and maps it onto the config records (unknown keys are errors). Every failure is a {@link ConfigException}
 * naming the key. The ranges of the values are each role's own rules, checked when it starts.
 */
public final class ConfigLoader {

    private static final JsonMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // ...except text into a number or a boolean: `port: ${PORT}` is text once expanded. "eighty" still fails.
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
            .build();

    private ConfigLoader() {
    }

    public static HookbridgeConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, env);
    }

    public static HookbridgeConfig parse(String yaml, Map<String, String> env) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException("(file)", "the top level must be a mapping");
        }
        JsonNode expanded = expand(tree, "", new EnvExpander(env));
        HookbridgeConfig config;
        try {
            config = YAML.treeToValue(expanded, HookbridgeConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(path(e), problem(e));
        } catch (IOException e) {
            throw new ConfigException("(file)", e.getMessage());
        }
        if (!config.kafka().hasBootstrapServers() && env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
            config = config.withBootstrapServers(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        }
        return config;
    }

    private static JsonNode expand(JsonNode node, String key, EnvExpander env) {
        if (node.isTextual()) {
            return TextNode.valueOf(env.expand(key, node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode out = YAML.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.set(field.getKey(), expand(field.getValue(), key.isEmpty() ? field.getKey() : key + "." + field.getKey(), env));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = YAML.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(expand(node.get(i), key + "[" + i + "]", env));
            }
            return out;
        }
        return node;
    }

    private static String path(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (key.length() > 0) key.append('.');
                key.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.length() == 0 ? "(file)" : key.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "unknown key";
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
