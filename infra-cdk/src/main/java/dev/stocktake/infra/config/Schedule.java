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
}
