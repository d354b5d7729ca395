package io.hookbridge.common.config;

/** The whole configuration file. Every section is optional and has defaults; see docs/configuration.md. */
public record HookbridgeConfig(KafkaSettings kafka, Topics topics, IngressConfig ingress, EgressConfig egress) {

    public HookbridgeConfig {
        kafka = kafka != null ? kafka : new KafkaSettings(null, null, null, null);
        topics = topics != null ? topics : new Topics(null, null, null, null, null, null, null, null, null);
        ingress = ingress != null ? ingress : new IngressConfig(null, null, null, null, null, null, null, null, null, null, null, null);
        egress = egress != null ? egress : new EgressConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public HookbridgeConfig withBootstrapServers(String bootstrapServers) {
        return new HookbridgeConfig(kafka.withBootstrapServers(bootstrapServers), topics, ingress, egress);
    }
}
