package dev.stocktake.infra.config;

/**
 * Who administers the StackSet.
 *
 * @param callAs {@link CallAs#SELF} (the management account) or {@link CallAs#DELEGATED_ADMIN}
 * @param adminAccountId the account the StackSet and its asset buckets live in: the management
 *                       account for {@code SELF}, the delegated administrator otherwise
 * @param failureTolerancePercentage share of accounts per region that may fail before the
 *                                   operation stops; default 10
 * @param maxConcurrentPercentage share of accounts deployed at once; default 25
 */
public record StackSetOptions(CallAs callAs, String adminAccountId, int failureTolerancePercentage,
                              int maxConcurrentPercentage) {
    public enum CallAs { SELF, DELEGATED_ADMIN }
}
