package dev.stocktake.support.storage;

import static dev.stocktake.support.env.Environment.optional;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The S3 Object Lock retention a function puts on each object it writes: the mode, and how many days from the write
 * the object version stays locked. Needs a bucket created with Object Lock enabled and {@code s3:PutObjectRetention}
 * for the writer; the central bucket has Object Lock enabled but no default retention, so the writer locks each
 * object itself.
 *
 * <p>Every function reads it the same way from two environment variables that are set both or neither
 * ({@link #fromEnv}); only their names differ ({@code REPORT_LOCK_MODE}/{@code REPORT_LOCK_DAYS} for the collector,
 * {@code EXPORT_LOCK_MODE}/{@code EXPORT_LOCK_DAYS} for the exports).
 *
 * @param mode {@code GOVERNANCE} (callers with {@code s3:BypassGovernanceRetention} may still delete a version) or
 *     {@code COMPLIANCE} (nobody can, not even the root user, until the date)
 * @param days how long each object version is kept, counted from its write; 1 to {@value #MAX_DAYS}
 */
public record ObjectLockRetention(Mode mode, int days) {

    /** 100 years, the longest retention period S3 accepts. */
    public static final int MAX_DAYS = 36_500;

    /** The Object Lock retention modes (the names S3's API takes). */
    public enum Mode { GOVERNANCE, COMPLIANCE }

    private static final Pattern MODE = Pattern.compile("GOVERNANCE|COMPLIANCE");
    /** 1 to 5 digits without a leading zero; the upper bound is checked after parsing. */
    private static final Pattern DAYS = Pattern.compile("[1-9][0-9]{0,4}");
    private static final String NONE = "no per-object retention";

    public ObjectLockRetention {
        if (mode == null) {
            throw new IllegalArgumentException("An Object Lock retention needs a mode: GOVERNANCE or COMPLIANCE");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("An Object Lock retention is 1 to " + MAX_DAYS + " days, got " + days);
        }
    }

    /** The retain-until date of an object written at {@code writtenAt}: {@code days} whole days later. */
    public Instant retainUntil(Instant writtenAt) {
        return writtenAt.plus(Duration.ofDays(days));
    }

    /**
     * The retention {@code modeVar} and {@code daysVar} of {@code env} give, or {@code null} when both are unset or
     * blank. Fails, naming the variable, its value and what to set, when one is set without the other, the mode is
     * not {@code GOVERNANCE} or {@code COMPLIANCE} (upper case), or the days are not a whole number from 1 to
     * {@value #MAX_DAYS}.
     *
     * @param whatIsLocked what the retention is put on, for messages, e.g. {@code "every report"} or
     *     {@code "each account directory export"}
     */
    public static ObjectLockRetention fromEnv(Map<String, String> env, String modeVar, String daysVar, String whatIsLocked) {
        String mode = optional(env, modeVar);
        String days = optional(env, daysVar);
        String modeExpected = "GOVERNANCE or COMPLIANCE (the S3 Object Lock mode of " + whatIsLocked + ")";
        String daysExpected = "a whole number of days from 1 to " + MAX_DAYS + " (how long " + whatIsLocked
                + " stays locked from its write)";
        if (mode == null && days == null) {
            return null;
        }
        if (mode == null) {
            throw new IllegalArgumentException(modeVar + " is not set but " + daysVar + "='" + days + "' is: set "
                    + modeVar + " to " + modeExpected + ", or unset " + daysVar + " for " + NONE);
        }
        if (days == null) {
            throw new IllegalArgumentException(daysVar + " is not set but " + modeVar + "='" + mode + "' is: set "
                    + daysVar + " to " + daysExpected + ", or unset " + modeVar + " for " + NONE);
        }
        if (!MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException(modeVar + "='" + mode + "' is not valid: expected " + modeExpected
                    + ", or unset for " + NONE + " (then unset " + daysVar + " too)");
        }
        if (!DAYS.matcher(days).matches() || Integer.parseInt(days) > MAX_DAYS) {
            throw new IllegalArgumentException(daysVar + "='" + days + "' is not valid: expected " + daysExpected);
        }
        return new ObjectLockRetention(Mode.valueOf(mode), Integer.parseInt(days));
    }
}
