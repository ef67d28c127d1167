package dev.stocktake.infra.config;

/**
 * When the collectors run.
 *
 * @param expression an EventBridge Scheduler expression, {@code cron(...)} or {@code rate(...)};
 *                   default {@code cron(0 3 * * ? *)}
 * @param timeZone IANA time zone the expression is evaluated in; default {@code UTC}
 * @param flexibleWindowMinutes the window over which each account's start is spread (jitter
 *                              for the management account's Organizations API); default 60
 */
public record Schedule(String expression, String timeZone, int flexibleWindowMinutes) {

    /** Reads and validates the {@code schedule} section. */
    static Schedule read(ConfigSection s) {
        String expression = s.schedule("expression", "cron(0 3 * * ? *)");
        String zone = s.zone("timeZone", "UTC");
        int window = s.integer("flexibleWindowMinutes", 60, 1, 1440);
        return new Schedule(expression, zone, window);
    }
}
