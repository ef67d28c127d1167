package dev.stocktake.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stocktake.support.env.Environment;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

    private static final DateTimeFormatter PROJECTION_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final long MIN_BYTES_SCANNED_CUTOFF = 10_485_760L;

    /** Reads and validates the {@code athena} section. */
    static AthenaOptions read(ConfigSection s) {
        String database = s.text("databaseName", "stocktake");
        if (!Environment.DATABASE.matcher(database).matches()) {
            s.problem("databaseName", "'" + database + "' must be lower-case letters, digits and '_'");
        }
        String workGroup = s.text("workGroupName", "stocktake");
        if (!Environment.NAME.matcher(workGroup).matches()) {
            s.problem("workGroupName", "'" + workGroup + "' must be 1-128 of [a-zA-Z0-9._-]");
        }
        long cutoff = 10L * 1024 * 1024 * 1024;
        JsonNode cutoffNode = s.value("bytesScannedCutoffPerQuery");
        if (cutoffNode != null) {
            if (!cutoffNode.canConvertToLong() || !cutoffNode.isIntegralNumber()) {
                s.problem("bytesScannedCutoffPerQuery", "must be a whole number of bytes");
            } else if (cutoffNode.asLong() < MIN_BYTES_SCANNED_CUTOFF) {
                s.problem("bytesScannedCutoffPerQuery", "must be at least " + MIN_BYTES_SCANNED_CUTOFF + " (10 MB, Athena's minimum)");
            } else {
                cutoff = cutoffNode.asLong();
            }
        }
        String start = s.text("projectionStart");
        if (start == null) {
            s.problem("projectionStart", "required (the first collection day, yyyy/MM/dd)");
        } else {
            try {
                LocalDate.parse(start, PROJECTION_DATE);
            } catch (DateTimeParseException e) {
                s.problem("projectionStart", "'" + start + "' is not a date in yyyy/MM/dd");
            }
        }
        return new AthenaOptions(database, workGroup, cutoff, start);
    }
}
