package io.hookbridge.egress.normalize;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * One off-heap memory budget for every RocksDB instance of the process, after the Kafka Streams guide's
 * "bounded memory" recipe. Left alone, each store (one per partition, times the window store's time
 * segments) takes its own 50 MB block cache and 3 x 16 MB memtables, so off-heap memory would grow with
 * the partition count. Here the block cache, the index and filter blocks and the memtables all draw on
 * one shared {@value #TOTAL_OFF_HEAP_MB} MB cache. Replace it with {@code kafka.streams.rocksdb.config.setter}.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    static final long TOTAL_OFF_HEAP_MB = 96;
    private static final long MB = 1024 * 1024;
    private static final long TOTAL_MEMTABLES = 32 * MB;
    private static final long MEMTABLE = 8 * MB;
    private static final double INDEX_FILTER_RATIO = 0.1;

    // Shared by every store instance of the process, so never closed by one of them.
    private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP_MB * MB, -1, false, INDEX_FILTER_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // CACHE and WRITE_BUFFERS outlive any one store.
    }
}
