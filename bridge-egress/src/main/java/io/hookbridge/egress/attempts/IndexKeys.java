package io.hookbridge.egress.attempts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of the attempt index (RocksDB sorts them as unsigned bytes). Ids never hold a NUL (control
 * characters are refused at the ingress and in subscription ids), so NUL ends an id.
 * <pre>
 *   S sub NUL (MAX-time) partition offset   -> the attempt record (JSON)      a subscription's attempts, newest first
 *   E event NUL time partition offset        -> the S key                      an event's attempts, oldest first
 *   M sub NUL minute                         -> MinuteStats                    per-minute counts and latencies
 *   L sub                                    -> the last failed attempt (JSON)
 *   V event                                  -> partition offset time          where the event is on topics.events
 *   I event                                  -> copies time                    how many times topics.inbound has it
 *   P topic NUL partition                    -> next offset                    how far each partition is indexed
 * </pre>
 */
final class IndexKeys {

    static final byte ATTEMPT = 'S';
    static final byte BY_EVENT = 'E';
    static final byte MINUTE = 'M';
    static final byte LAST_ERROR = 'L';
    static final byte EVENT = 'V';
    static final byte INBOUND = 'I';
    static final byte POSITION = 'P';

    private IndexKeys() {
    }

    /** The type byte and an id ended by NUL: the prefix of every key of that id. */
    static byte[] prefix(byte type, String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[bytes.length + 2];
        key[0] = type;
        System.arraycopy(bytes, 0, key, 1, bytes.length);
        return key; // last byte 0
    }

    static byte[] attempt(String subscription, long timeMillis, int partition, long offset) {
        return ByteBuffer.allocate(prefixLength(subscription) + 20).put(prefix(ATTEMPT, subscription))
                .putLong(Long.MAX_VALUE - timeMillis).putInt(partition).putLong(offset).array();
    }

    static long attemptTime(byte[] key) {
        return Long.MAX_VALUE - ByteBuffer.wrap(key, key.length - 20, 8).getLong();
    }

    static byte[] byEvent(String eventId, long timeMillis, int partition, long offset) {
        return ByteBuffer.allocate(prefixLength(eventId) + 20).put(prefix(BY_EVENT, eventId))
                .putLong(timeMillis).putInt(partition).putLong(offset).array();
    }

    static long byEventTime(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 20, 8).getLong();
    }

    static byte[] minute(String subscription, long minute) {
        return ByteBuffer.allocate(prefixLength(subscription) + 8).put(prefix(MINUTE, subscription)).putLong(minute).array();
    }

    static long minuteOf(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }

    static byte[] lastError(String subscription) {
        return prefix(LAST_ERROR, subscription);
    }

    static byte[] event(String eventId) {
        return prefix(EVENT, eventId);
    }

    static byte[] inbound(String eventId) {
        return prefix(INBOUND, eventId);
    }

    static byte[] position(String topic, int partition) {
        return ByteBuffer.allocate(prefixLength(topic) + 4).put(prefix(POSITION, topic)).putInt(partition).array();
    }

    /** The cursor of a page: where the next one starts (the last key's time, partition and offset). */
    static byte[] suffix(byte[] attemptKey) {
        return Arrays.copyOfRange(attemptKey, attemptKey.length - 20, attemptKey.length);
    }

    static byte[] withSuffix(String subscription, byte[] suffix) {
        return ByteBuffer.allocate(prefixLength(subscription) + suffix.length).put(prefix(ATTEMPT, subscription))
                .put(suffix).array();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The smallest key after every key that starts with {@code prefix} (its last byte is NUL). */
    static byte[] after(byte[] prefix) {
        byte[] end = prefix.clone();
        end[end.length - 1] = 1;
        return end;
    }

    static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8);
        for (long v : values) b.putLong(v);
        return b.array();
    }

    private static int prefixLength(String id) {
        return id.getBytes(StandardCharsets.UTF_8).length + 2;
    }
}
