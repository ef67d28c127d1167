package dev.stocktake.identitycenter;

import dev.stocktake.support.retry.Retrier;

/** The Identity Center export failed: nothing was written. The message names the call, the problem and what to do. */
public final class IdentityCenterException extends RuntimeException {

    /** Why it failed. */
    public enum Reason {
        /** An AWS call failed for good (access denied, not found, a write refused). */
        AWS_ERROR,
        /** No instance, several and none configured, or the configured one is not there. */
        INSTANCE,
        /** The day's object kept changing between our conditional writes. */
        CONFLICT,
        DEADLINE_EXCEEDED,
        INTERRUPTED
    }

    private final Reason reason;

    public IdentityCenterException(Reason reason, String message, Throwable cause) {
        super("Identity Center export: " + message, cause);
        this.reason = reason;
    }

    /** What a {@link Retrier} throws when it gives up: nothing was exported, the next scheduled run tries again. */
    static Retrier.GiveUp giveUp(String action) {
        return (reason, message, cause) -> new IdentityCenterException(
                reason == Retrier.Reason.INTERRUPTED ? Reason.INTERRUPTED : Reason.DEADLINE_EXCEEDED,
                action + ": " + (reason == Retrier.Reason.INTERRUPTED ? message
                        : message + " Nothing was written; the next scheduled run will try again"
                                + " (raise the Lambda timeout if this keeps happening)."), cause);
    }

    public Reason reason() {
        return reason;
    }
}
