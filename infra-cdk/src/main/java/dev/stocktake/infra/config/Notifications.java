package dev.stocktake.infra.config;

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
}
