package dev.stocktake.compaction;

import dev.stocktake.support.aws.AwsErrors;

import java.util.Optional;

import dev.stocktake.sql.compaction.CompactionException;
import dev.stocktake.sql.compaction.CompactionState;
import dev.stocktake.sql.compaction.CompactionStateStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The compaction state as one JSON object in the central bucket ({@code COMPACTION_STATE_KEY}). The bucket is
 * versioned, so every earlier state stays readable as an older version.
 */
public final class S3CompactionStateStore implements CompactionStateStore {

    private final S3Client s3;
    private final String bucket;
    private final String key;

    public S3CompactionStateStore(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    /** Where the state lives, {@code s3://bucket/key}. */
    public String location() {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * @return the state, empty when the object does not exist (before the first compaction)
     * @throws CompactionException when the object cannot be read or is not a state the job wrote
     */
    @Override
    public Optional<CompactionState> read() {
        String text;
        try {
            // listed first: S3 answers a GetObject of a missing key with 404 only to a principal that may list the
            // whole bucket, and the job's role may list its own prefixes only (else it would read AccessDenied)
            boolean exists = s3.listObjectsV2(request -> request.bucket(bucket).prefix(key).maxKeys(1)).contents()
                    .stream().anyMatch(object -> object.key().equals(key));
            if (!exists) {
                return Optional.empty();
            }
            text = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new CompactionException("cannot read the compaction state " + location() + ": " + AwsErrors.describe(e)
                    + ". Nothing was compacted and report_rows was left as it is. Check the role's s3:GetObject on the "
                    + "key and s3:ListBucket on the bucket for its prefix, then run again.", e);
        }
        return Optional.of(CompactionState.parse(text, location()));
    }

    /** @throws CompactionException when the object cannot be written */
    @Override
    public void write(CompactionState state) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromString(state.toJson()));
        } catch (SdkException e) {
            throw new CompactionException("cannot write the compaction state " + location() + ": " + AwsErrors.describe(e)
                    + ". The months copied in this run stay in Parquet but are not recorded: the next run copies them "
                    + "again. Check the role's s3:PutObject on the key, then run again.", e);
        }
    }
}
