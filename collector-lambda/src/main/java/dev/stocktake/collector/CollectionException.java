package dev.stocktake.collector;

/**
 * A collection that failed: nothing was written for this account. The message names the
 * account, the step and what to do.
 */
public final class CollectionException extends RuntimeException {

    /** The step that failed, for logs, metrics and the caller's decision to retry. */
    public enum Step { CONFIGURATION, GENERATE_REPORT, GET_REPORT, VALIDATE_REPORT, ACCOUNT_ID, ACCOUNT_NAME, WRITE_REPORT,
        /** The management account's export of the account directory. */
        ACCOUNT_DIRECTORY }

    /** Why it failed. */
    public enum Reason { DEADLINE_EXCEEDED, NOT_A_REPORT, AWS_ERROR, CONFLICT, INTERRUPTED }

    private final String accountId;
    private final Step step;
    private final Reason reason;

    public CollectionException(String accountId, Step step, Reason reason, String message, Throwable cause) {
        super((step == Step.ACCOUNT_DIRECTORY ? "Account directory" : "Account " + (accountId == null ? "(unknown)" : accountId))
                + ", step " + step + ": " + message, cause);
        this.accountId = accountId;
        this.step = step;
        this.reason = reason;
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
