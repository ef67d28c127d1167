package dev.stocktake.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Object keys of the data contract: {@code <prefix>YYYY/MM/DD/<account-name>.csv}, or
 * {@code <prefix>YYYY/MM/DD/<account-name>@<account-id>.csv} when another account already holds
 * the name that day. Pure functions.
 *
 * <p>The name is percent-encoded (UTF-8, upper-case hex) outside {@code [A-Za-z0-9._-]}, so it
 * stays one path segment, decodes back to the exact name, and never contains {@code @} — the
 * views split on it. The names {@code .} and {@code ..} are encoded whole ({@code %2E}).
 */
public final class ReportKeys {

    public static final String DEFAULT_PREFIX = "credential-reports/";
    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ReportKeys() {
    }

    /** {@code YYYY/MM/DD/}: the collection date in {@code zone}. */
    public static String datePath(Instant collectedAt, ZoneId zone) {
        return DATE_PATH.format(collectedAt.atZone(zone)) + "/";
    }

    /** The key an account's report gets when it holds its name alone that day. */
    public static String primaryKey(String prefix, Instant collectedAt, ZoneId zone, String accountName) {
        return prefix + datePath(collectedAt, zone) + encodeName(accountName) + ".csv";
    }

    /** The key for an account whose name another account already holds that day. */
    public static String qualifiedKey(String prefix, Instant collectedAt, ZoneId zone, String accountName, String accountId) {
        return prefix + datePath(collectedAt, zone) + encodeName(accountName) + "@" + accountId + ".csv";
    }

    public static String encodeName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An account name cannot be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return name.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
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
