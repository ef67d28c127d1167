package dev.stocktake.notifier.alert;

import dev.stocktake.support.aws.AwsErrors;

import java.time.LocalDate;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistEntry;
import dev.stocktake.allowlist.AllowlistException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The deployed allowlist, {@code s3://<bucket>/<key>} (read once per batch, so an edit applies at once). When it is
 * missing or invalid the alerts still go out, each saying {@value #UNREADABLE}, and {@link Loaded#problem()} says why.
 */
final class AllowlistSource {

    static final String UNREADABLE = "unknown: allowlist unreadable";

    private final S3Client s3;
    private final String bucket;
    private final String key;

    AllowlistSource(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    /** The allowlist, or why there is none ({@code allowlist} is then {@code null}). */
    record Loaded(Allowlist allowlist, String problem) {

        /** What the allowlist says of the user the event concerns, for people. */
        String status(CloudTrailEvent event, String accountName, LocalDate day) {
            if (allowlist == null) {
                return UNREADABLE;
            }
            boolean console = event.change().grantsConsole();
            boolean key = event.change().grantsAccessKey() || "Active".equals(event.keyStatus());
            Allowlist.Decision decision = allowlist.decide(event.accountId(), accountName, event.userName(), console, key, day);
            AllowlistEntry entry = decision.entry();
            return switch (decision.status()) {
                case ALLOWED -> "allowed (owner " + entry.owner() + ", until " + entry.expires() + ")";
                case VIOLATION -> "violation: listed for " + entry.credentials().label() + " only (owner " + entry.owner() + ")";
                case EXPIRED -> "expired on " + entry.expires() + " (owner " + entry.owner() + ")";
                case NOT_LISTED -> "not listed";
            };
        }
    }

    Loaded load() {
        String location = "s3://" + bucket + "/" + key;
        byte[] content;
        try {
            content = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArrayUnsafe();
        } catch (S3Exception e) {
            return new Loaded(null, e.statusCode() == 404
                    ? location + " does not exist: deploy the allowlist (see docs/alerts.md)"
                    : "cannot read " + location + ": " + AwsErrors.describe(e));
        } catch (SdkException e) {
            return new Loaded(null, "cannot read " + location + ": " + AwsErrors.describe(e));
        }
        try {
            return new Loaded(Allowlist.parse(location, content), null);
        } catch (AllowlistException e) {
            return new Loaded(null, e.getMessage().replace("\n", " "));
        }
    }
}
