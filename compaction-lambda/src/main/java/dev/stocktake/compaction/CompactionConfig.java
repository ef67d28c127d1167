package dev.stocktake.compaction;

import dev.stocktake.support.env.Environment;

import static dev.stocktake.support.env.Environment.optional;
import static dev.stocktake.support.env.Environment.required;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The compaction handler's configuration, from the Lambda's environment (the CDK sets every variable). A missing or
 * malformed value fails at start with a message naming the variable and what is expected.
 *
 * @param athenaWorkgroup  {@code ATHENA_WORKGROUP}: the workgroup the copy, the counts and the view run in
 * @param athenaDatabase   {@code ATHENA_DATABASE}: the Glue database of {@code credential_reports},
 *                         {@code report_rows_compacted} and the views
 * @param reportBucket     {@code REPORT_BUCKET}: the central bucket (reports, Parquet copy, state)
 * @param reportPrefix     {@code REPORT_PREFIX}: the raw CSVs' prefix, e.g. {@code credential-reports/}; the job never
 *                         deletes there, and the Parquet prefix and the state must lie outside it
 * @param compactedPrefix  {@code COMPACTED_PREFIX}: {@code report_rows_compacted}'s location, e.g.
 *                         {@code compacted-reports/}; the job deletes partition files here
 * @param stateKey         {@code COMPACTION_STATE_KEY}: the object recording the compacted months, e.g.
 *                         {@code compaction/state.json}
 * @param firstReportDay   {@code FIRST_REPORT_DAY}: {@code yyyy-MM-dd}, the projection start of
 *                         {@code credential_reports} (the first month to compact)
 * @param settleDays       {@code SETTLE_DAYS}: 0 to 27, days after a month's end before it is compacted
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the emulator), or null
 */
public record CompactionConfig(String athenaWorkgroup, String athenaDatabase, String reportBucket, String reportPrefix,
                               String compactedPrefix, String stateKey, LocalDate firstReportDay, int settleDays,
                               URI endpointOverride) {

    public static final String ATHENA_WORKGROUP = "ATHENA_WORKGROUP";
    public static final String ATHENA_DATABASE = "ATHENA_DATABASE";
    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String REPORT_PREFIX = "REPORT_PREFIX";
    public static final String COMPACTED_PREFIX = "COMPACTED_PREFIX";
    public static final String COMPACTION_STATE_KEY = "COMPACTION_STATE_KEY";
    public static final String FIRST_REPORT_DAY = "FIRST_REPORT_DAY";
    public static final String SETTLE_DAYS = "SETTLE_DAYS";

    /** A key prefix: path segments of safe characters, ending in '/', no leading '/', no empty segment. */
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)+");
    /** An object key: as a prefix, without the trailing '/'. */
    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)*[A-Za-z0-9!_.*'()-]+");

    /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad variable. */
    public static CompactionConfig fromEnv(Map<String, String> env) {
        String workgroup = required(env, ATHENA_WORKGROUP, Environment.NAME,
                "an Athena workgroup name such as stocktake");
        String database = required(env, ATHENA_DATABASE, Environment.DATABASE,
                "a Glue database name (lower case, digits, _) such as stocktake");
        String bucket = required(env, REPORT_BUCKET, Environment.BUCKET,
                "the central bucket's name (3-63 characters: a-z, 0-9, '.', '-')");
        String reportPrefix = required(env, REPORT_PREFIX, PREFIX,
                "the raw reports' key prefix ending in '/' without a leading '/', e.g. credential-reports/");
        String compactedPrefix = required(env, COMPACTED_PREFIX, PREFIX,
                "report_rows_compacted's key prefix ending in '/' without a leading '/', e.g. compacted-reports/");
        if (compactedPrefix.startsWith(reportPrefix) || reportPrefix.startsWith(compactedPrefix)) {
            throw new IllegalArgumentException(COMPACTED_PREFIX + "='" + compactedPrefix + "' overlaps " + REPORT_PREFIX + "='"
                    + reportPrefix + "': the job deletes Parquet files under " + COMPACTED_PREFIX + " and must never reach "
                    + "the raw reports; use a prefix of its own, e.g. compacted-reports/");
        }
        String stateKey = required(env, COMPACTION_STATE_KEY, KEY,
                "the state object's key without a leading or trailing '/', e.g. compaction/state.json");
        if (stateKey.startsWith(reportPrefix) || stateKey.startsWith(compactedPrefix)) {
            throw new IllegalArgumentException(COMPACTION_STATE_KEY + "='" + stateKey + "' lies under " + REPORT_PREFIX
                    + " or " + COMPACTED_PREFIX + ": Athena would read it as data; use a key outside both, e.g. "
                    + "compaction/state.json");
        }
        return new CompactionConfig(workgroup, database, bucket, reportPrefix, compactedPrefix, stateKey,
                firstReportDay(optional(env, FIRST_REPORT_DAY)), settleDays(optional(env, SETTLE_DAYS)),
                Environment.endpoint(optional(env, Environment.AWS_ENDPOINT_URL)));
    }

    private static LocalDate firstReportDay(String value) {
        String expected = "a day yyyy-MM-dd such as 2026-01-01, the projection start of credential_reports";
        if (value == null) {
            throw new IllegalArgumentException(FIRST_REPORT_DAY + " is not set: expected " + expected);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(FIRST_REPORT_DAY + "='" + value + "' is not valid: expected " + expected);
        }
    }

    private static int settleDays(String value) {
        String expected = "a whole number from 0 to 27 (days after a month's end before it is compacted, so that late "
                + "collector re-runs land first), e.g. 3";
        if (value == null) {
            throw new IllegalArgumentException(SETTLE_DAYS + " is not set: expected " + expected);
        }
        try {
            int days = Integer.parseInt(value);
            if (days >= 0 && days <= 27) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(SETTLE_DAYS + "='" + value + "' is not valid: expected " + expected);
    }
}
