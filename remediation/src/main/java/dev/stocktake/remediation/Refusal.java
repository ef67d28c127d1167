package dev.stocktake.remediation;

/** Why a plan, or one user of it, is refused; each with a message that says what to do. */
public record Refusal(Reason reason, String accountId, String userName, String message) {

    public enum Reason { ALLOWLISTED, ROOT_USER, USED_SINCE_QUARANTINE, PLAN_TOO_OLD, DRIFT, OUTSIDE_ORGANIZATION, NOT_QUARANTINED }

    @Override
    public String toString() {
        return "REFUSED (" + reason.name().toLowerCase() + ")" + (userName == null ? "" : " " + userName + " in " + accountId)
                + ": " + message;
    }
}
