package dev.stocktake.notifier.alert;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Account names from the account directory's latest export, {@code s3://<bucket>/<prefix>YYYY/MM/DD/accounts.csv}
 * (columns by header: {@code account_id}, {@code account_name}). The export is daily, so today's file is tried first,
 * then each day before, at most {@value #DAYS_BACK} days back. Kept for {@link #TTL} per Lambda container.
 *
 * <p>A missing or unreadable export never stops an alert: the account is then shown by its ID, and
 * {@link Snapshot#problem()} says why (logged once per load).
 */
final class AccountNames {

    static final int DAYS_BACK = 7;
    static final Duration TTL = Duration.ofMinutes(15);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ZoneId zone;
    private Snapshot cached;

    AccountNames(S3Client s3, String bucket, String prefix, ZoneId zone) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.zone = zone;
    }

    /**
     * The names as loaded.
     *
     * @param source  the export read, or {@code null}
     * @param problem why no export could be read, or {@code null}
     */
    record Snapshot(Map<String, String> names, String source, String problem, Instant loadedAt) {
        /** The account's name, or its ID when the directory does not know it. */
        String name(String accountId) {
            String name = names.get(accountId);
            return name == null || name.isBlank() ? accountId : name;
        }
    }

    /** The current names: the cached snapshot while fresh, else a new load. */
    synchronized Snapshot current(Instant now) {
        if (cached == null || !now.isBefore(cached.loadedAt().plus(TTL))) {
            cached = load(now);
        }
        return cached;
    }

    Snapshot load(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        String denied = null;
        for (int back = 0; back <= DAYS_BACK; back++) {
            String key = prefix + DAY_PATH.format(today.minusDays(back)) + "/accounts.csv";
            String body;
            try {
                body = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    continue;
                }
                if (e.statusCode() == 403) {
                    // S3 answers 403, not 404, for a missing key unless s3:ListBucket applies: look further back
                    denied = "cannot read s3://" + bucket + "/" + key + ": " + AwsErrors.describe(e)
                            + " (grant s3:GetObject on the accounts prefix and s3:ListBucket on the bucket)";
                    continue;
                }
                return new Snapshot(Map.of(), null, "cannot read s3://" + bucket + "/" + key + ": " + AwsErrors.describe(e), now);
            } catch (SdkException e) {
                return new Snapshot(Map.of(), null, "cannot read s3://" + bucket + "/" + key + ": " + AwsErrors.describe(e), now);
            }
            try {
                return new Snapshot(parse(body), "s3://" + bucket + "/" + key, null, now);
            } catch (IllegalArgumentException e) {
                return new Snapshot(Map.of(), null, "s3://" + bucket + "/" + key + " " + e.getMessage(), now);
            }
        }
        return new Snapshot(Map.of(), null, denied != null ? denied : "no account directory export under s3://" + bucket + "/"
                + prefix + " in the last " + DAYS_BACK + " days (is the account directory job deployed and running?)", now);
    }

    /** account_id → account_name from the export's CSV. */
    static Map<String, String> parse(String csv) {
        List<List<String>> rows = rows(csv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("is empty: expected a header with account_id and account_name");
        }
        List<String> header = rows.getFirst();
        int id = header.indexOf("account_id");
        int name = header.indexOf("account_name");
        if (id < 0 || name < 0) {
            throw new IllegalArgumentException("has no account_id or account_name column (header: " + String.join(",", header) + ")");
        }
        Map<String, String> names = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() > Math.max(id, name)) {
                names.put(row.get(id), row.get(name));
            }
        }
        return names;
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
    static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !field.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || !field.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
