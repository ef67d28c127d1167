package dev.stocktake.notifier.alert;

/**
 * An event ready to be shown: the call, the account's name (its ID when the directory does not know it) and what the
 * allowlist says of the user it concerns.
 *
 * @param messageId the SQS message that carried it (a failed send returns it to the queue)
 */
record Alert(String messageId, CloudTrailEvent event, String accountName, String allowlistStatus) {

    /** "prod (111122223333)", or just the ID when no name is known. */
    String account() {
        return accountName.equals(event.accountId()) ? event.accountId() : accountName + " (" + event.accountId() + ")";
    }
}
