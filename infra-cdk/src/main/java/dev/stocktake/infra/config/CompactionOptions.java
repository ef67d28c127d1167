package dev.stocktake.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Parquet compaction job in the central stack: once a day it copies every finished month of reports not
 * yet copied into {@code report_rows_compacted}, checks the copy row for row, and re-creates the {@code report_rows}
 * view with the new boundary. Most days there is nothing to copy and the run only re-creates the view.
 *
 * @param enabled    deploy the job; default true. Without it the Parquet table still exists (the views read it through
 *                   {@code report_rows}) but stays empty, and every day is read from the CSVs
 * @param schedule   when the job runs (EventBridge Scheduler expression, in UTC like the job's own calendar); default
 *                   {@value #DEFAULT_SCHEDULE}
 * @param settleDays days after a month's end before it is copied (a collector re-run of the last days lands first),
 *                   0 to {@value #MAX_SETTLE_DAYS}; default {@value #DEFAULT_SETTLE_DAYS}
 */
public record CompactionOptions(boolean enabled, String schedule, int settleDays) {
    public static final String DEFAULT_SCHEDULE = "cron(30 4 * * ? *)";
    public static final int DEFAULT_SETTLE_DAYS = 2;
    /** A month must be compacted before the next one ends, so fewer days than the shortest month. */
    public static final int MAX_SETTLE_DAYS = 27;
    /** The time zone of {@link #schedule}: the job decides which months are finished by the UTC date. */
    public static final String SCHEDULE_TIME_ZONE = "UTC";

    /**
     * Reads and validates the {@code compaction} section.
     *
     * @param reportPrefix the reports' prefix, which must not overlap the job's prefixes
     */
    static CompactionOptions read(ConfigSection s, String reportPrefix) {
        boolean enabled = s.flag("enabled", true);
        String schedule = s.schedule("schedule", DEFAULT_SCHEDULE, " (in UTC; default " + DEFAULT_SCHEDULE + ")");
        int settleDays = DEFAULT_SETTLE_DAYS;
        JsonNode settle = s.value("settleDays");
        if (settle != null) {
            if (!settle.isIntegralNumber() || settle.asLong() < 0 || settle.asLong() > MAX_SETTLE_DAYS) {
                s.problem("settleDays", "'" + settle + "' must be a whole number from 0 to " + MAX_SETTLE_DAYS
                        + " (days after a month's end before it is copied; a month must be copied before the next one ends)");
            } else {
                settleDays = settle.asInt();
            }
        }
        for (String reserved : List.of(StocktakeConfig.COMPACTED_PREFIX, StocktakeConfig.COMPACTION_STATE_PREFIX)) {
            if (reportPrefix.startsWith(reserved) || reserved.startsWith(reportPrefix)) {
                s.rootProblem("reportPrefix", "'" + reportPrefix + "' overlaps " + reserved + ", which the compaction job "
                        + "owns (the Parquet copy and its state); choose another");
            }
        }
        return new CompactionOptions(enabled, schedule, settleDays);
    }
}
