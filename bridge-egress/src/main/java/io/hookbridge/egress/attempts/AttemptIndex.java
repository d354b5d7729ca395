package io.hookbridge.egress.attempts;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The local index of {@code topics.attempts} (and of where each event is on {@code topics.events} and how
 * often {@code topics.inbound} has it), in RocksDB under {@code egress.stateDir}. Only the
 * {@link AttemptIndexer} writes it, batch by batch with the positions it reached in the same atomic write,
 * so after a restart it goes on from where it was. Reads are blocking (disk): call them off the event loop.
 * Keys: {@link IndexKeys}.
 */
public final class AttemptIndex implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /** How many index entries one page request may look at while filtering, before it answers with a cursor. */
    static final int MAX_SCANNED_PER_PAGE = 20_000;

    private final LRUCache cache;
    private final Options options;
    private final RocksDB db;
    /**
     * No write-ahead log: a batch holds its data and the positions it reached, so whatever a crash loses of the
     * memtables, the index is left as it was at an earlier position, and reads those records again.
     */
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);

    private AttemptIndex(LRUCache cache, Options options, RocksDB db) {
        this.cache = cache;
        this.options = options;
        this.db = db;
    }

    /** Opens (or creates) the index in {@code dir}, its block cache and memtables within about {@code cacheBytes}. */
    public static AttemptIndex open(Path dir, long cacheBytes) {
        try {
            Files.createDirectories(dir);
            LRUCache cache = new LRUCache(Math.max(1 << 20, cacheBytes / 2));
            BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                    .setFilterPolicy(new BloomFilter(10, false)).setCacheIndexAndFilterBlocks(true);
            Options options = new Options().setCreateIfMissing(true).setTableFormatConfig(table)
                    .setWriteBufferSize(Math.max(1 << 20, cacheBytes / 4)).setMaxWriteBufferNumber(2)
                    .setMaxOpenFiles(256)
                    // The background work (flushes, compactions) is most of what the index costs while the log is
                    // written: LZ4 costs it about half of Snappy's CPU (the default) at the same size on disk. Event
                    // ids spread every flushed file over the whole key range, so leveled compaction (the default)
                    // rewrote all of L1 for every few files; universal compaction merges runs of similar size instead,
                    // writing each entry a few times over its life (bench/README.md), for more room on disk at times.
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setCompactionStyle(CompactionStyle.UNIVERSAL)
                    .setLevel0FileNumCompactionTrigger(8);
            return new AttemptIndex(cache, options, RocksDB.open(options, dir.toString()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the attempt index in " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---- the writing side (the indexer's thread only) ----

    /** The next offset to read of each partition of {@code topic} indexed so far. */
    Map<Integer, Long> positions(String topic) {
        Map<Integer, Long> positions = new HashMap<>();
        byte[] prefix = IndexKeys.prefix(IndexKeys.POSITION, topic);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && IndexKeys.startsWith(it.key(), prefix); it.next()) {
                byte[] key = it.key();
                positions.put(ByteBuffer.wrap(key, key.length - 4, 4).getInt(), ByteBuffer.wrap(it.value()).getLong());
            }
        }
        return positions;
    }

    /** One atomic write: what a poll brought, with the positions it reached. */
    final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();
        private final Map<ByteBuffer, MinuteStats> minutes = new HashMap<>();
        private final Map<String, long[]> inbound = new HashMap<>();
        private final Map<String, LastError> lastErrors = new HashMap<>();

        void attempt(AttemptRecord.Summary a, byte[] json, long timeMillis, int partition, long offset) throws RocksDBException {
            byte[] key = IndexKeys.attempt(a.subscription(), timeMillis, partition, offset);
            batch.put(key, json);
            batch.put(IndexKeys.byEvent(a.eventId(), timeMillis, partition, offset), key);
            byte[] minuteKey = IndexKeys.minute(a.subscription(), timeMillis / 60_000);
            minutes.computeIfAbsent(ByteBuffer.wrap(minuteKey), k -> stored(minuteKey)).add(a.durationMs(), a.succeeded());
            if (!a.succeeded()) {
                LastError known = lastErrors.computeIfAbsent(a.subscription(), sub -> {
                    byte[] stored = get(IndexKeys.lastError(sub));
                    return new LastError(stored == null ? Long.MIN_VALUE : Instant.parse(AttemptRecord.parse(stored).at()).toEpochMilli(), null);
                });
                if (timeMillis >= known.timeMillis()) lastErrors.put(a.subscription(), new LastError(timeMillis, json));
            }
        }

        void event(String eventId, int partition, long offset, long timeMillis) throws RocksDBException {
            batch.put(IndexKeys.event(eventId), ByteBuffer.allocate(20).putInt(partition).putLong(offset).putLong(timeMillis).array());
        }

        void inbound(String eventId, long timeMillis) {
            long[] copies = inbound.computeIfAbsent(eventId, id -> {
                byte[] stored = get(IndexKeys.inbound(id));
                return stored == null ? new long[]{0, timeMillis} : new long[]{ByteBuffer.wrap(stored).getLong(), ByteBuffer.wrap(stored).getLong(8)};
            });
            copies[0]++;
            copies[1] = Math.max(copies[1], timeMillis);
        }

        void position(String topic, int partition, long nextOffset) throws RocksDBException {
            batch.put(IndexKeys.position(topic, partition), IndexKeys.longs(nextOffset));
        }

        void write() throws RocksDBException {
            for (Map.Entry<ByteBuffer, MinuteStats> m : minutes.entrySet()) batch.put(m.getKey().array(), m.getValue().toBytes());
            for (Map.Entry<String, LastError> l : lastErrors.entrySet()) {
                if (l.getValue().json() != null) batch.put(IndexKeys.lastError(l.getKey()), l.getValue().json());
            }
            for (Map.Entry<String, long[]> i : inbound.entrySet()) batch.put(IndexKeys.inbound(i.getKey()), IndexKeys.longs(i.getValue()));
            db.write(writeOptions, batch);
        }

        private MinuteStats stored(byte[] key) {
            return MinuteStats.parse(get(key));
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    private record LastError(long timeMillis, byte[] json) {
    }

    Batch batch() {
        return new Batch();
    }

    /**
     * Deletes what is older than {@code cutoffMillis} (attempts, where events were, inbound counts) and
     * minute statistics older than {@code statsCutoffMillis}. One pass over the whole index.
     */
    long expire(long cutoffMillis, long statsCutoffMillis) throws RocksDBException {
        long deleted = 0;
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                boolean old = switch (key[0]) {
                    case IndexKeys.ATTEMPT -> IndexKeys.attemptTime(key) < cutoffMillis;
                    case IndexKeys.BY_EVENT -> IndexKeys.byEventTime(key) < cutoffMillis;
                    case IndexKeys.MINUTE -> IndexKeys.minuteOf(key) * 60_000 < statsCutoffMillis;
                    case IndexKeys.EVENT -> ByteBuffer.wrap(it.value()).getLong(12) < cutoffMillis;
                    case IndexKeys.INBOUND -> ByteBuffer.wrap(it.value()).getLong(8) < cutoffMillis;
                    default -> false;
                };
                if (old) {
                    batch.delete(key);
                    deleted++;
                }
                if (batch.count() >= 10_000) {
                    db.write(writeOptions, batch);
                    batch.clear();
                }
            }
            db.write(writeOptions, batch);
        }
        return deleted;
    }

    // ---- the reading side ----

    /** A page of a subscription's attempts, newest first, and the cursor of the next page (null: no more). */
    public record Page(List<byte[]> attempts, String nextCursor) {
    }

    /**
     * A subscription's attempts, newest first, from {@code cursor} (null: the newest) back to {@code sinceMillis}.
     *
     * @param filter which records to keep (parsed only when a filter is given)
     * @throws IllegalArgumentException when the cursor is not one this index gave
     */
    public Page attempts(String subscription, Predicate<AttemptRecord> filter, long sinceMillis, int limit, String cursor) {
        byte[] prefix = IndexKeys.prefix(IndexKeys.ATTEMPT, subscription);
        byte[] start = cursor == null ? prefix : IndexKeys.withSuffix(subscription, decodeCursor(cursor));
        List<byte[]> page = new ArrayList<>();
        int scanned = 0;
        try (ReadOptions read = new ReadOptions().setIterateUpperBound(new org.rocksdb.Slice(IndexKeys.after(prefix)));
             RocksIterator it = db.newIterator(read)) {
            it.seek(start);
            if (cursor != null && it.isValid() && java.util.Arrays.equals(it.key(), start)) it.next();
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (IndexKeys.attemptTime(key) < sinceMillis) return new Page(page, null);
                byte[] value = it.value();
                if (filter == null || filter.test(AttemptRecord.parse(value))) page.add(value);
                scanned++;
                if (page.size() >= limit || scanned >= MAX_SCANNED_PER_PAGE) {
                    it.next();
                    boolean more = it.isValid() && IndexKeys.attemptTime(it.key()) >= sinceMillis;
                    return new Page(page, more ? encodeCursor(IndexKeys.suffix(key)) : null);
                }
            }
        }
        return new Page(page, null);
    }

    /** Every attempt of an event, for every subscription, oldest first. */
    public List<byte[]> eventAttempts(String eventId) {
        byte[] prefix = IndexKeys.prefix(IndexKeys.BY_EVENT, eventId);
        List<byte[]> keys = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && IndexKeys.startsWith(it.key(), prefix); it.next()) keys.add(it.value());
        }
        if (keys.isEmpty()) return List.of();
        try {
            List<byte[]> values = db.multiGetAsList(keys);
            List<byte[]> found = new ArrayList<>(values.size());
            for (byte[] v : values) if (v != null) found.add(v);
            return found;
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where an event is on {@code topics.events}. */
    public record EventPosition(int partition, long offset, long timeMillis) {
    }

    /** Where the event is on {@code topics.events}, or null when the index has not seen it there. */
    public EventPosition eventPosition(String eventId) {
        byte[] v = get(IndexKeys.event(eventId));
        if (v == null) return null;
        ByteBuffer b = ByteBuffer.wrap(v);
        return new EventPosition(b.getInt(), b.getLong(), b.getLong());
    }

    /** How many records of {@code topics.inbound} (still retained when indexed) carry this delivery id. */
    public long inboundCopies(String eventId) {
        byte[] v = get(IndexKeys.inbound(eventId));
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** The per-minute statistics of a subscription from {@code fromMillis} on, summed. */
    MinuteStats stats(String subscription, long fromMillis) {
        MinuteStats sum = new MinuteStats();
        byte[] prefix = IndexKeys.prefix(IndexKeys.MINUTE, subscription);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(IndexKeys.minute(subscription, fromMillis / 60_000)); it.isValid() && IndexKeys.startsWith(it.key(), prefix); it.next()) {
                sum.add(MinuteStats.parse(it.value()));
            }
        }
        return sum;
    }

    /** The last failed attempt of a subscription (JSON), or null. */
    public byte[] lastError(String subscription) {
        return get(IndexKeys.lastError(subscription));
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encodeCursor(byte[] suffix) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(suffix);
    }

    private static byte[] decodeCursor(String cursor) {
        byte[] suffix;
        try {
            suffix = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this API");
        }
        if (suffix.length != 20) throw new IllegalArgumentException("not a cursor of this API");
        return suffix;
    }

    @Override
    public void close() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush); // without a WAL, what is only in the memtables would be read again after the restart
        } catch (RocksDBException e) {
            // the next start reads from the last flushed positions
        }
        writeOptions.close();
        db.close();
        options.close();
        cache.close();
    }
}
