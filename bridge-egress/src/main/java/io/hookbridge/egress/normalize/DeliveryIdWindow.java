package io.hookbridge.egress.normalize;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.Map;

/**
 * The delivery ids seen within the dedup window, in a Kafka Streams window store: RocksDB on local disk,
 * a changelog topic in Kafka, and no per-id heap.
 *
 * <pre>
 *   time (record timestamps) ──────────────────────────────────────────────────▶
 *   segments:   [ dropped ][  segment n-1  ][   segment n   ][  segment n+1  ]
 *                          ◀──────────── retention = window ───────────────▶ stream time
 *   a copy at t is a duplicate iff an id was put at some t0 in [t - window, t + window]
 * </pre>
 *
 * Expiry costs nothing per id: the store drops whole time segments once stream time has passed them by
 * the retention, and its changelog is {@code compact,delete} with that retention, so old ids leave the
 * disk and Kafka without a tombstone each. The window is measured on record timestamps (the ingress's
 * append time, about its received-at), from the first sighting: a copy inside the window does not extend it.
 */
final class DeliveryIdWindow {

    static final String STORE = "delivery-ids";
    private static final byte[] SEEN = new byte[0];

    private final WindowStore<Bytes, byte[]> store;
    private final long windowMs;

    DeliveryIdWindow(WindowStore<Bytes, byte[]> store, Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    /**
     * The store, without the record cache: every put goes to RocksDB and the changelog in the same
     * transaction as the output, which is what exactly-once needs and what a cache would only delay.
     */
    static StoreBuilder<WindowStore<Bytes, byte[]>> storeBuilder(Duration window) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(STORE, window, window, false),
                        Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of());
    }

    /**
     * True (and remembered) when {@code id} was not seen within the window around {@code timestamp};
     * false for a duplicate. Looking ahead as well as back catches a copy whose timestamp is earlier than
     * the first one's (two ingress instances with skewed clocks).
     */
    boolean firstSighting(byte[] id, long timestamp) {
        Bytes key = Bytes.wrap(id);
        long from = Math.max(0, timestamp - windowMs);
        long to = timestamp > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : timestamp + windowMs;
        try (WindowStoreIterator<byte[]> seen = store.fetch(key, from, to)) {
            if (seen.hasNext()) return false;
        }
        store.put(key, SEEN, timestamp);
        return true;
    }
}
