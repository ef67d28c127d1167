package dev.stocktake.collector.account;

import dev.stocktake.support.env.Environment;

/** Account IDs and ARNs. Pure functions. */
public final class AccountIds {

    private AccountIds() {
    }

    public static boolean isAccountId(String value) {
        return value != null && Environment.ACCOUNT_ID.matcher(value).matches();
    }

    /**
     * The account of an ARN ({@code arn:partition:service:region:account:resource}), e.g. the
     * Lambda's invoked-function ARN, so the collector needs no call to learn its own account.
     *
     * @return the 12-digit account ID, or {@code null} when the ARN carries none
     */
    public static String fromArn(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !"arn".equals(parts[0])) {
            return null;
        }
        return isAccountId(parts[4]) ? parts[4] : null;
    }

    /** The partition of an ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public static String partitionOf(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length >= 2 ? parts[1] : "aws";
    }
}
