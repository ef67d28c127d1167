package dev.stocktake.sql.compaction;

import java.util.Optional;

/** Where the job keeps which months it has copied and checked: an S3 object in the job, a file in tests. */
public interface CompactionStateStore {

    /**
     * @return the state last written, empty before the first compaction
     * @throws CompactionException when the stored state cannot be read or parsed (it names the object and the fix)
     */
    Optional<CompactionState> read();

    void write(CompactionState state);

    /** A store in memory, kept as the JSON the S3 object would hold (the local benchmark, tests). */
    static CompactionStateStore inMemory() {
        return new CompactionStateStore() {
            private String json;

            @Override
            public synchronized Optional<CompactionState> read() {
                return Optional.ofNullable(json).map(text -> CompactionState.parse(text, "<memory>"));
            }

            @Override
            public synchronized void write(CompactionState state) {
                json = state.toJson();
            }
        };
    }
}
