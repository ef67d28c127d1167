package dev.stocktake.allowlist;

/** What the allowlist says of an IAM user on a day. */
public enum AllowlistStatus {
    /** Listed by an entry in force that allows every credential the user holds. */
    ALLOWED("allowed"),
    /** Listed by an entry in force, but holds a credential kind the entry does not allow. */
    VIOLATION("violation"),
    /** Listed only by entries whose expiry date has passed. */
    EXPIRED("expired"),
    /** Not listed: a user to remove, or to list with an owner and a reason. */
    NOT_LISTED("not_listed");

    private final String label;

    AllowlistStatus(String label) {
        this.label = label;
    }

    /** The value the views and reports use. */
    public String label() {
        return label;
    }
}
