package dev.stocktake.remediation;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.stocktake.allowlist.Allowlist;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** What apply reads from the central bucket before touching anything: the account directory and the allowlist. */
public final class CentralBucket {

    private static final Pattern DIRECTORY_KEY = Pattern.compile("accounts/(\\d{4})/(\\d{2})/(\\d{2})/accounts\\.csv");

    /** The ACTIVE accounts of the latest directory export. */
    public record Directory(LocalDate day, Set<String> activeAccounts) {
    }

    private CentralBucket() {
    }

    public static Directory latestDirectory(S3Client s3, String bucket, String prefix) {
        String where = "s3://" + bucket + "/" + prefix + "accounts/";
        try {
            var latest = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + "accounts/")).contents().stream()
                    .map(o -> o.key().substring(prefix.length()))
                    .map(DIRECTORY_KEY::matcher).filter(Matcher::matches)
                    .max(Comparator.comparing(m -> m.group(0)))
                    .orElseThrow(() -> new IllegalStateException("No account directory export under " + where
                            + ": without it Stocktake cannot tell whether an account belongs to the organization, so it refuses "
                            + "to act. Deploy the account directory job (or give the bucket that holds accounts/YYYY/MM/DD/accounts.csv)."));
            LocalDate day = LocalDate.of(Integer.parseInt(latest.group(1)), Integer.parseInt(latest.group(2)), Integer.parseInt(latest.group(3)));
            byte[] csv = s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + latest.group(0))).asByteArray();
            Set<String> active = new HashSet<>();
            try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
                while (rows.hasNext()) {
                    Map<String, String> row = rows.next();
                    if ("ACTIVE".equals(row.get("status")) || "ACTIVE".equals(row.get("state"))) {
                        active.add(row.get("account_id"));
                    }
                }
            }
            return new Directory(day, Set.copyOf(active));
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read the account directory under " + where + ": " + e.getMessage()
                    + ". Check the bucket and that your credentials may s3:ListBucket and s3:GetObject there.", e);
        } catch (IOException e) {
            throw new IllegalStateException("The account directory under " + where + " is not a readable CSV: " + e.getMessage(), e);
        }
    }

    /** The deployed allowlist, or null when the bucket has none. */
    public static Allowlist allowlist(S3Client s3, String bucket, String prefix) {
        String key = prefix + "allowlist/allowlist.csv";
        try {
            byte[] csv = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            return Allowlist.parse("s3://" + bucket + "/" + key, csv);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read the allowlist s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
