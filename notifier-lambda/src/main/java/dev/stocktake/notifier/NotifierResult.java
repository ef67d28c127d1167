package dev.stocktake.notifier;

import java.time.LocalDate;
import java.util.List;

/**
 * What a run did on each channel.
 *
 * @param day        the digest's day
 * @param deliveries one per configured channel
 */
public record NotifierResult(LocalDate day, List<Delivery> deliveries) {

    public NotifierResult {
        deliveries = List.copyOf(deliveries);
    }

    public enum Status {
        /** Sent by this run. */
        SENT,
        /** Sent by an earlier run the same day: not sent again. */
        ALREADY_SENT,
        /** Claimed by a run that never confirmed: not sent again (see the detail for what to do). */
        IN_DOUBT,
        /** The channel did not take it (detail says why). */
        FAILED
    }

    /**
     * @param detail the channel's receipt (SES message ID, Slack's answer) or the reason
     */
    public record Delivery(String channel, Status status, String detail) {
    }

    public long count(Status status) {
        return deliveries.stream().filter(d -> d.status() == status).count();
    }

    public Delivery delivery(String channel) {
        return deliveries.stream().filter(d -> d.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no delivery on " + channel + ": " + deliveries));
    }
}
