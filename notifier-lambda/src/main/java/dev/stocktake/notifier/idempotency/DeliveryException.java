package dev.stocktake.notifier.idempotency;

/**
 * A channel did not take the digest. {@link #notSent()} says whether it is certain that nothing went out (the
 * service answered with an error), so a retry may send again; otherwise (a timeout after the request left) the
 * digest may have gone out and is not sent again that day.
 */
public final class DeliveryException extends RuntimeException {

    private final String channel;
    private final boolean notSent;

    public DeliveryException(String channel, boolean notSent, String message, Throwable cause) {
        super(channel + ": " + message, cause);
        this.channel = channel;
        this.notSent = notSent;
    }

    public String channel() {
        return channel;
    }

    /** {@code true} when the service refused it, so nothing went out and a retry may send. */
    public boolean notSent() {
        return notSent;
    }
}
