package dev.stocktake.collector.account;

/**
 * The name a report is filed under, and how it was found.
 *
 * @param fallbackReason why the name is the account ID, or {@code null} when it came from
 *     {@code DescribeAccount}
 */
public record AccountName(String name, Source source, String fallbackReason) {

    public enum Source {
        /** {@code organizations:DescribeAccount} through the management-account role. */
        DESCRIBE_ACCOUNT("describe-account"),
        /** The lookup failed; the report is filed under the account ID. */
        ACCOUNT_ID_FALLBACK("account-id-fallback");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** The value stored in the object's metadata and logs. */
        public String label() {
            return label;
        }
    }

    public static AccountName described(String name) {
        return new AccountName(name, Source.DESCRIBE_ACCOUNT, null);
    }

    public static AccountName fallback(String accountId, String reason) {
        return new AccountName(accountId, Source.ACCOUNT_ID_FALLBACK, reason);
    }

    public boolean isFallback() {
        return source == Source.ACCOUNT_ID_FALLBACK;
    }
}
