package io.hookbridge.bench;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.vertx.VertxTransport;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;

/**
 * {@code NaiveBridge PORT BOOTSTRAP TOPIC}: the reference the ingress is held against. Sends the body to
 * Kafka (acks=all, idempotent, the same producer settings as the ingress) and answers after the ack, with
 * no verification, no headers and no metrics.
 */
public final class NaiveBridge extends VerticleBase {

    private static final Buffer OK = Buffer.buffer("{\"ok\":true}");
    private final int port;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    NaiveBridge(int port, Producer<byte[], byte[]> producer, String topic) {
        this.port = port;
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    Context context = vertx.getOrCreateContext();
                    String key = req.getHeader("X-GitHub-Delivery");
                    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), body.getBytes()),
                            (md, error) -> context.runOnContext(v -> req.response().setStatusCode(error == null ? 202 : 503).end(OK)));
                }))
                .listen(port, "127.0.0.1");
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Map<String, Object> props = KafkaClients.producer(new KafkaSettings(args[1], null, null, null), "naive-bridge");
        Producer<byte[], byte[]> producer = new KafkaProducer<>(props);
        producer.partitionsFor(args[2]);
        // The transport the roles run on, so that the comparison is like for like.
        Vertx vertx = Vertx.builder().withTransport(VertxTransport.best()).build();
        vertx.deployVerticle(() -> new NaiveBridge(port, producer, args[2]),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> System.out.println("READY"));
    }
}
