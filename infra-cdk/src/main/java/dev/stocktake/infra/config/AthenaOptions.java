package dev.stocktake.infra.config;

/**
 * The analysis side in the central account.
 *
 * @param databaseName Glue database; default {@code stocktake}
 * @param workGroupName Athena workgroup; default {@code stocktake}
 * @param bytesScannedCutoffPerQuery per-query scan limit in bytes (at least 10 MB, Athena's minimum); default 10 GiB
 * @param projectionStart first day of the table's projected date range, {@code yyyy/MM/dd}
 */
public record AthenaOptions(String databaseName, String workGroupName, long bytesScannedCutoffPerQuery,
                            String projectionStart) {
}
