package dev.stocktake.infra.config;

import java.util.List;

/**
 * The QuickSight data source, data sets and dashboard (the {@code StocktakeReporting} stack). They are deployed when
 * {@code principals} is not empty; the account must have a QuickSight subscription first (see docs/quicksight.md).
 *
 * @param principals  ARNs of QuickSight users or groups ({@code arn:aws:quicksight:<region>:<account>:user/default/<name>}
 *                    or {@code :group/default/<name>}) that own the dashboard and may use the data sets; empty deploys
 *                    no QuickSight resource
 * @param refreshTime when the SPICE data sets are refreshed each day, {@code HH:mm} in {@code schedule.timeZone}: after
 *                    the collectors' window, before the notifier; default {@value #DEFAULT_REFRESH_TIME}
 */
public record QuickSightOptions(List<String> principals, String refreshTime) {
    public static final String DEFAULT_REFRESH_TIME = "08:00";

    public QuickSightOptions {
        principals = List.copyOf(principals);
    }

    public boolean enabled() {
        return !principals.isEmpty();
    }
}
