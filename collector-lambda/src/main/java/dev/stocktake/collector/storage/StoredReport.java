package dev.stocktake.collector.storage;

/**
 * Where a report went.
 *
 * @param outcome whether the object was created, replaced a same-day run of this account, or
 *     took the {@code @<account-id>} key because another account holds the name
 */
public record StoredReport(String bucket, String key, String eTag, Outcome outcome, int attempts) {

    public enum Outcome { CREATED, REPLACED_OWN, NAME_TAKEN_BY_OTHER_ACCOUNT }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
