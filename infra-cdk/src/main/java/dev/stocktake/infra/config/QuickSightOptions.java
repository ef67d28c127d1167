package dev.stocktake.infra.config;

import java.util.List;
import java.util.regex.Pattern;

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

    private static final Pattern QUICKSIGHT_ARN = Pattern.compile("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:(user|group)/.+");
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /** Reads and validates the {@code quickSight} section. */
    static QuickSightOptions read(ConfigSection s) {
        List<String> principals = s.textList("principals");
        if (principals == null) {
            principals = List.of();
        }
        for (int i = 0; i < principals.size(); i++) {
            String arn = principals.get(i);
            if (arn == null || !QUICKSIGHT_ARN.matcher(arn).matches()) {
                s.problem("principals[" + i + "]", "'" + arn + "' is not a QuickSight user or group ARN");
            }
        }
        String refresh = s.text("refreshTime", DEFAULT_REFRESH_TIME);
        if (!TIME_OF_DAY.matcher(refresh).matches()) {
            s.problem("refreshTime", "'" + refresh + "' is not a time of day HH:mm such as 08:00");
        }
        return new QuickSightOptions(principals, refresh);
    }
}
