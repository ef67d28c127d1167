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

    /**
     * Reads and validates the {@code stackSet} section.
     *
     * @param management the management account, the administrator with {@code SELF}
     */
    static StackSetOptions read(ConfigSection s, String management) {
        String callAsText = s.text("callAs", "SELF");
        CallAs callAs = null;
        try {
            callAs = CallAs.valueOf(callAsText);
        } catch (IllegalArgumentException e) {
            s.problem("callAs", "'" + callAsText + "' is not SELF or DELEGATED_ADMIN");
        }
        String admin = s.accountId("delegatedAdminAccountId", false);
        if (callAs == CallAs.DELEGATED_ADMIN && admin == null) {
            s.problem("delegatedAdminAccountId", "required when stackSet.callAs is DELEGATED_ADMIN");
        }
        if (callAs == CallAs.SELF && admin != null) {
            s.problem("delegatedAdminAccountId", "only allowed when stackSet.callAs is DELEGATED_ADMIN");
        }
        int tolerance = s.integer("failureTolerancePercentage", 10, 0, 100);
        int concurrent = s.integer("maxConcurrentPercentage", 25, 1, 100);
        String adminAccount = callAs == CallAs.DELEGATED_ADMIN ? admin : management;
        return new StackSetOptions(callAs, adminAccount, tolerance, concurrent);
    }
}
