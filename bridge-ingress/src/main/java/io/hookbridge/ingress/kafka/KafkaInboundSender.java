package io.hookbridge.ingress.kafka;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.vertx.core.Completable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;

/**
 * The ingress's one producer, shared by every verticle of the process, with the ingress's timeouts; the
 * completion hops back onto the sending verticle's context ({@link KafkaAsyncProducer}).
 */
public final class KafkaInboundSender implements InboundSender {

    private final KafkaAsyncProducer producer;

    public KafkaInboundSender(KafkaAsyncProducer producer) {
        this.producer = producer;
    }

    public static KafkaInboundSender create(HookbridgeConfig config) {
        return new KafkaInboundSender(KafkaAsyncProducer.create(producerProps(config)));
    }

    /**
     * Times are set so that the ingress answers 503 well before a provider gives up (~10 s):
     * <ul>
     *   <li>{@code max.block.ms} = 0: send() runs on an event loop, so it must never wait for topic metadata
     *       or buffer space. Metadata is fetched at start; when Kafka is gone (metadata invalid) or the
     *       buffer is full, send() fails at once and the request is answered 503 at once. With any wait
     *       here, one event loop stalled that long for every request during an outage (the fault suite's
     *       broker-outage scenario measured 1 s per request with 1000 ms);</li>
     *   <li>{@code request.timeout.ms} = {@code ackTimeout}, {@code delivery.timeout.ms} = twice that: a
     *       record Kafka cannot take is given up soon after its request was answered 503.</li>
     * </ul>
     * {@code linger.ms} stays 0 (see KafkaClients): a lone request is never held back to fill a batch.
     */
    public static Map<String, Object> producerProps(HookbridgeConfig config) {
        Map<String, Object> props = KafkaClients.producer(config.kafka(), "hookbridge-ingress");
        long ack = config.ingress().ackTimeout().toMillis();
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ack, 1000));
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ack, 1000) * 2);
        props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                (int) Math.max(1_048_576, config.ingress().maxBodyBytes() + 64 * 1024));
        return props;
    }

    public Producer<byte[], byte[]> producer() {
        return producer.producer();
    }

    @Override
    public void send(ProducerRecord<byte[], byte[]> record, Completable<Void> acked) {
        producer.send(record).onComplete((metadata, error) -> acked.complete(null, error));
    }

    @Override
    public void close() {
        producer.close();
    }
}
