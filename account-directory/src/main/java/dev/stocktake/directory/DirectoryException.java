package dev.stocktake.directory;

import dev.stocktake.support.retry.Retrier;

/** The account directory was not exported: nothing was written. The message says why and what to do. */
public final class DirectoryException extends RuntimeException {

    /** Why it failed. */
    public enum Reason { DEADLINE_EXCEEDED, AWS_ERROR, INTERRUPTED }

    private final Reason reason;

    public DirectoryException(Reason reason, String message, Throwable cause) {
        super("Account directory: " + message, cause);
        this.reason = reason;
    }

    /** What a {@link Retrier} throws when it gives up: nothing was exported, the next scheduled run tries again. */
    static Retrier.GiveUp giveUp() {
        return (reason, message, cause) -> new DirectoryException(
                reason == Retrier.Reason.INTERRUPTED ? Reason.INTERRUPTED : Reason.DEADLINE_EXCEEDED,
                reason == Retrier.Reason.INTERRUPTED ? message
                        : message + " Nothing was written; the next scheduled run will try again"
                                + " (raise the Lambda timeout if this keeps happening).", cause);
    }

    public Reason reason() {
        return reason;
    }
}
