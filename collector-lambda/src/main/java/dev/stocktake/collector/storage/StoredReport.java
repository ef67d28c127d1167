package dev.stocktake.collector.storage;

/**
 * Where a report went.
 *
 * @param outcome whether the object was created, or replaced this account's own report of the same day
 * @param attempts the conditional writes it took (1 for a plain create)
 */
public record StoredReport(String bucket, String key, String eTag, Outcome outcome, int attempts) {

    public enum Outcome { CREATED, REPLACED_OWN }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
