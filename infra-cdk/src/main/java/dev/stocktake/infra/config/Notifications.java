package dev.stocktake.infra.config;

import java.util.regex.Pattern;

/**
 * Where collector alarms go.
 *
 * @param centralEventBusArn an EventBridge bus (normally in the central account) that receives
 *                           the collector alarms' state changes from every member account; null
 *                           leaves the alarms in each account only
 */
public record Notifications(String centralEventBusArn) {
    public static Notifications none() {
        return new Notifications(null);
    }

    public boolean forwardsAlarms() {
        return centralEventBusArn != null;
    }

    private static final Pattern EVENT_BUS_ARN = Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+");

    /** Reads and validates the {@code notifications} section. */
    static Notifications read(ConfigSection s) {
        String bus = s.text("centralEventBusArn");
        if (bus != null && !EVENT_BUS_ARN.matcher(bus).matches()) {
            s.problem("centralEventBusArn", "'" + bus + "' is not an EventBridge event bus ARN");
        }
        return new Notifications(bus);
    }
}
