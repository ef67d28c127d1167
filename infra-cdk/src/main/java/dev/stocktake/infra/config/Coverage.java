package dev.stocktake.infra.config;

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
}
