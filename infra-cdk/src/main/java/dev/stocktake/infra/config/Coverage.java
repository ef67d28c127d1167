package dev.stocktake.infra.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The account directory job and the central coverage alarm.
 *
 * @param alarmThresholdPercent the coverage alarm fires when a day's coverage (accounts that reported / accounts
 *                              expected to, in percent) is below this; default 95
 * @param directorySchedule     when the account-directory job runs in the management account (EventBridge Scheduler
 *                              expression in {@code schedule.timeZone}); must be before the collectors' window on the
 *                              same report date; default {@code cron(0 1 * * ? *)}
 * @param checkSchedule         when the coverage check runs in the central account (same time zone); it checks the day
 *                              before, in {@code reportTimeZone}; default {@code cron(0 12 * * ? *)}
 */
public record Coverage(double alarmThresholdPercent, String directorySchedule, String checkSchedule) {
    public static final double DEFAULT_THRESHOLD = 95;
    public static final String DEFAULT_DIRECTORY_SCHEDULE = "cron(0 1 * * ? *)";
    public static final String DEFAULT_CHECK_SCHEDULE = "cron(0 12 * * ? *)";

    /**
     * Reads and validates the {@code coverage} section.
     *
     * @param reportPrefix the reports' prefix, which must not be where the directory is exported
     */
    static Coverage read(ConfigSection s, String reportPrefix) {
        double threshold = DEFAULT_THRESHOLD;
        JsonNode value = s.value("alarmThresholdPercent");
        if (value != null) {
            if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 100) {
                s.problem("alarmThresholdPercent", "'" + value + "' must be a number above 0 and at most 100");
            } else {
                threshold = value.asDouble();
            }
        }
        String directory = s.schedule("directorySchedule", DEFAULT_DIRECTORY_SCHEDULE);
        String check = s.schedule("checkSchedule", DEFAULT_CHECK_SCHEDULE);
        if (StocktakeConfig.DIRECTORY_PREFIX.equals(reportPrefix)) {
            s.rootProblem("reportPrefix", "'" + reportPrefix + "' is where the account directory is exported; choose another");
        }
        return new Coverage(threshold, directory, check);
    }
}
