package dev.stocktake.support.storage;

import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Optional;

/**
 * How Stocktake's writers put "the object of the day" into the central bucket without ever overwriting somebody
 * else's: create it with {@code If-None-Match: *}; when it is there already (HTTP 412, the writer's own earlier run
 * of the day, since no other writer may write that key), read its ETag and replace exactly that version with
 * {@code If-Match}; when it changes or vanishes in between, decide again, a bounded number of times.
 * S3's conditional writes answer 409 {@code ConditionalRequestConflict} to a concurrent conditional write: that one
 * is retried like a transient error ({@link #retryableWrite}).
 *
 * <p>The S3 calls stay with the writer (each names its own role, prefix and permissions in its errors); this class
 * holds only the decisions, so the collector and the Identity Center export decide the same way.
 */
public final class CreateOrReplace {

    /** What a successful write did. */
    public enum Outcome { CREATED, REPLACED }

    /**
     * @param outcome  created, or replaced the writer's own object of the day
     * @param eTag     the new object's ETag
     * @param attempts conditional PutObject calls made (retries of one call not counted)
     */
    public record Written(Outcome outcome, String eTag, int attempts) { }

    /** One conditional PutObject. */
    @FunctionalInterface
    public interface Put {
        /**
         * @param ifNoneMatch {@code "*"} to create only, or {@code null}
         * @param ifMatch     the ETag to replace, or {@code null}
         * @return the new ETag, or {@code null} when the condition did not hold (see {@link #preconditionFailed})
         */
        String put(String ifNoneMatch, String ifMatch);
    }

    /** A HeadObject of the key. */
    @FunctionalInterface
    public interface Head {
        /** @return the ETag of the object at the key, or {@code null} when there is none any more (404) */
        String eTag();
    }

    private CreateOrReplace() { }

    /**
     * @param decisions how many times to decide before giving up (at least 1)
     * @return the write, or empty when the object kept changing between the conditional writes {@code decisions}
     *     times: another writer of the same key is writing at the same time, and its object is in place
     */
    public static Optional<Written> write(int decisions, Put put, Head head) {
        if (decisions < 1) {
            throw new IllegalArgumentException("decisions must be at least 1, not " + decisions);
        }
        int attempts = 0;
        for (int decision = 0; decision < decisions; decision++) {
            attempts++;
            String created = put.put("*", null);
            if (created != null) {
                return Optional.of(new Written(Outcome.CREATED, created, attempts));
            }
            String eTag = head.eTag();
            if (eTag == null) {
                continue; // gone between our PUT and HEAD: decide again
            }
            attempts++;
            String replaced = put.put(null, eTag);
            if (replaced != null) {
                return Optional.of(new Written(Outcome.REPLACED, replaced, attempts));
            }
            // changed since our HEAD (a concurrent run): decide again
        }
        return Optional.empty();
    }

    /** HTTP 412: the write's {@code If-None-Match}/{@code If-Match} condition did not hold. */
    public static boolean preconditionFailed(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 412;
    }

    /** Transient errors, and 409 {@code ConditionalRequestConflict} (a concurrent conditional write): try again. */
    public static boolean retryableWrite(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 409 || AwsErrors.isTransient(e);
    }
}
