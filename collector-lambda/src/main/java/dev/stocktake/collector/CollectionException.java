package dev.stocktake.collector;

import dev.stocktake.support.retry.Retrier;

/**
 * A collection that failed: nothing was written for this account. The message names the
 * account, the step and what to do.
 */
public final class CollectionException extends RuntimeException {

    /** The step that failed, for logs, metrics and the caller's decision to retry. */
    public enum Step { CONFIGURATION, GENERATE_REPORT, GET_REPORT, VALIDATE_REPORT, ACCOUNT_ID, ACCOUNT_NAME, WRITE_REPORT,
        /** Reading the IAM details (users and tags, Identity Center roles): after the report is stored. */
        READ_DETAILS,
        /** Writing the IAM details file, after the report is stored. */
        WRITE_DETAILS }

    /** Why it failed. */
    public enum Reason { DEADLINE_EXCEEDED, NOT_A_REPORT, AWS_ERROR, CONFLICT, INTERRUPTED }

    private final String accountId;
    private final Step step;
    private final Reason reason;

    public CollectionException(String accountId, Step step, Reason reason, String message, Throwable cause) {
        super("Account " + (accountId == null ? "(unknown)" : accountId) + ", step " + step + ": " + message, cause);
        this.accountId = accountId;
        this.step = step;
        this.reason = reason;
    }

    /**
     * What a {@link Retrier} throws when it gives up on {@code step}: nothing was written, and the next
     * scheduled run tries again.
     */
    public static Retrier.GiveUp giveUp(String accountId, Step step) {
        return (reason, message, cause) -> new CollectionException(accountId, step,
                reason == Retrier.Reason.INTERRUPTED ? Reason.INTERRUPTED : Reason.DEADLINE_EXCEEDED,
                reason == Retrier.Reason.INTERRUPTED ? message
                        : message + " Nothing was written; the next scheduled run will try again"
                                + " (raise the Lambda timeout if this keeps happening).", cause);
    }

    public String accountId() {
        return accountId;
    }

    public Step step() {
        return step;
    }

    public Reason reason() {
        return reason;
    }
}
