package dev.stocktake.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of the data contract: {@code <prefix>YYYY/MM/DD/<encoded account name>@<account id>.csv}, one key
 * per account per day, and beside it the same account's IAM details file of that day,
 * {@code <details prefix>YYYY/MM/DD/<encoded account name>@<account id>.json} (JSON Lines). Pure functions.
 *
 * <p>This is the seed's layout ({@code YYYY/MM/DD/<account name>.csv}) plus the 12-digit account ID. The name stays
 * first, so people browsing the bucket and queries over {@code "$path"} still see it; the ID makes every key unique
 * (two accounts may share a name) and lets the bucket policy bind a key to the account that writes it
 * ({@code *@${aws:PrincipalAccount}.csv}), so no account can write or pre-claim another's report.
 *
 * <p>The name is percent-encoded (UTF-8, upper-case hex) outside {@code [A-Za-z0-9._-]}, so it stays one path
 * segment, decodes back to the exact name and never contains {@code @} or {@code /}. A leading {@code .} or
 * {@code _} is encoded too ({@code %2E}, {@code %5F}): Athena treats objects whose name starts with either as hidden
 * and would silently skip that account's report.
 */
public final class ReportKeys {

    public static final String DEFAULT_PREFIX = "credential-reports/";
    /** The default prefix of the collector's per-account IAM details files (JSON Lines beside the report). */
    public static final String DEFAULT_DETAILS_PREFIX = "iam-details/";

    /** A report key after the prefix, exactly: day folders, an encoded name, {@code @}, 12 digits, {@code .csv}. */
    public static final Pattern REPORT_KEY = Pattern.compile(
            "(\\d{4}/\\d{2}/\\d{2})/((?![._])(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+)@(\\d{12})\\.csv");
    /** A details key after its prefix, exactly: as {@link #REPORT_KEY}, ending {@code .json}. */
    public static final Pattern DETAILS_KEY = Pattern.compile(
            "(\\d{4}/\\d{2}/\\d{2})/((?![._])(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+)@(\\d{12})\\.json");

    /** STRICT: the default resolver would read 2026/02/30 as 2026-02-28. */
    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private ReportKeys() {
    }

    /** A report key with its parts: the day folder, the decoded account name and the account ID. */
    public record ReportKey(LocalDate day, String accountName, String accountId) {
    }

    /** {@code YYYY/MM/DD/}: the collection date in {@code zone}. */
    public static String datePath(Instant collectedAt, ZoneId zone) {
        return datePath(collectedAt.atZone(zone).toLocalDate());
    }

    /** {@code YYYY/MM/DD/} of {@code day}. */
    public static String datePath(LocalDate day) {
        return DATE_PATH.format(day) + "/";
    }

    /** The key of an account's report collected at {@code collectedAt}, dated in {@code zone}. */
    public static String reportKey(String prefix, Instant collectedAt, ZoneId zone, String accountName, String accountId) {
        return reportKey(prefix, collectedAt.atZone(zone).toLocalDate(), accountName, accountId);
    }

    /** The key of an account's report of {@code day}. */
    public static String reportKey(String prefix, LocalDate day, String accountName, String accountId) {
        return key(prefix, day, accountName, accountId, ".csv");
    }

    /**
     * The key of an account's IAM details file collected at {@code collectedAt}, dated in {@code zone}: the same day,
     * name and ID as {@link #reportKey(String, Instant, ZoneId, String, String)} of the same collection.
     */
    public static String detailsKey(String prefix, Instant collectedAt, ZoneId zone, String accountName, String accountId) {
        return detailsKey(prefix, collectedAt.atZone(zone).toLocalDate(), accountName, accountId);
    }

    /** The key of an account's IAM details file of {@code day}. */
    public static String detailsKey(String prefix, LocalDate day, String accountName, String accountId) {
        return key(prefix, day, accountName, accountId, ".json");
    }

    private static String key(String prefix, LocalDate day, String accountName, String accountId, String extension) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An account ID is 12 digits, got '" + accountId + "'");
        }
        return prefix + datePath(day) + encodeName(accountName) + "@" + accountId + extension;
    }

    /**
     * The parts of a report key given without its prefix ({@code 2026/12/03/prod@111122223333.csv}); empty when it is
     * not exactly a report key: nested folders, no or a short account ID, a name that is not in the encoded form
     * (a bare {@code %}, lower-case hex, a leading {@code .} or {@code _}), a day that does not exist.
     */
    public static Optional<ReportKey> parse(String keyAfterPrefix) {
        return parse(REPORT_KEY, keyAfterPrefix);
    }

    /**
     * The parts of an IAM details key given without its prefix ({@code 2026/12/03/prod@111122223333.json}), as strictly
     * as {@link #parse}: empty for anything but exactly that shape (a {@code .csv}, nested folders, a short ID, a
     * name not in its one encoded form, a day that does not exist).
     */
    public static Optional<ReportKey> parseDetails(String keyAfterPrefix) {
        return parse(DETAILS_KEY, keyAfterPrefix);
    }

    private static Optional<ReportKey> parse(Pattern shape, String keyAfterPrefix) {
        Matcher matcher = shape.matcher(keyAfterPrefix);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        LocalDate day;
        try {
            day = LocalDate.parse(matcher.group(1), DATE_PATH);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        String name = decodeName(matcher.group(2));
        if (!encodeName(name).equals(matcher.group(2))) {
            return Optional.empty(); // not the one encoding of any name, e.g. bytes that are not UTF-8
        }
        return Optional.of(new ReportKey(day, name, matcher.group(3)));
    }

    public static String encodeName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An account name cannot be empty");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            boolean hiddenIfFirst = i == 0 && (c == '.' || c == '_');
            if (!hiddenIfFirst && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #encodeName}. */
    public static String decodeName(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("Truncated percent escape at position " + i + " of '" + encoded + "'");
                }
                bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
