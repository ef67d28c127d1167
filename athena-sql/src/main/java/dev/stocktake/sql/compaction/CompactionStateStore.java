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
}
