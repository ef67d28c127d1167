package dev.stocktake.cli.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

/**
 * Makes the emulator's credential report look like the one AWS would have generated on a simulated day.
 *
 * <p>moto's report reflects what exists (users, console passwords, MFA, access keys and whether they are active)
 * but never records use, stamps every date with the real current time and has no {@code <root_account>} row.
 * This fills in, from the simulation: user creation, password change and key creation times; last-used times,
 * regions and services; the {@code N/A} / {@code no_information} sentinels as AWS writes them; and the root row
 * AWS always puts first. Columns are found by header name. Everything else is moto's, byte for byte.
 */
final class ReportShaper {

    static final DateTimeFormatter AWS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);

    private ReportShaper() {
    }

    static String shape(String csv, DemoOrganization org, DemoAccount account, String accountId, Instant accountCreated, int day,
                        Handover handover) {
        List<String> lines = new ArrayList<>(csv.lines().toList());
        if (lines.isEmpty()) {
            return csv;
        }
        List<String> header = Arrays.asList(lines.getFirst().split(",", -1));
        StringBuilder out = new StringBuilder(lines.getFirst()).append('\n');
        out.append(rootRow(header, accountId, accountCreated, org.at(-45, 7, 12))).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            DemoUser user = fields.length == header.size() ? account.user(fields[header.indexOf("user")]) : null;
            if (user != null) {
                shapeUser(header, fields, user, org, day, handover.passwordCreated(accountId, user.name()),
                        k -> handover.keyUse(accountId, user.name(), k, day));
            }
            out.append(String.join(",", fields)).append('\n');
        }
        return out.toString();
    }

    /**
     * @param passwordCreated when an undo created the console password again (null: never)
     * @param keyUseByHand    a key's use by hand after a quarantine, by key index (null: none)
     */
    private static void shapeUser(List<String> header, String[] fields, DemoUser user, DemoOrganization org, int day,
                                  Instant passwordCreated, java.util.function.IntFunction<Instant> keyUseByHand) {
        set(header, fields, "user_creation_time", time(user.createdAt()));
        boolean password = "true".equals(get(header, fields, "password_enabled"));
        if (password) {
            Instant lastUsed = user.passwordLastUsed(org, day);
            set(header, fields, "password_last_used", lastUsed == null ? "no_information" : time(lastUsed));
            set(header, fields, "password_last_changed", time(passwordCreated != null ? passwordCreated
                    : user.passwordChangedAt() == null ? user.createdAt() : user.passwordChangedAt()));
        } else {
            set(header, fields, "password_last_used", "N/A");
            set(header, fields, "password_last_changed", "N/A");
        }
        set(header, fields, "password_next_rotation", "N/A");
        for (int k = 0; k < 2; k++) {
            String prefix = "access_key_" + (k + 1) + "_";
            boolean exists = !"N/A".equals(get(header, fields, prefix + "last_rotated"));
            if (!exists || k >= user.keys().size()) {
                set(header, fields, prefix + "last_used_date", "N/A");
                set(header, fields, prefix + "last_used_region", "N/A");
                set(header, fields, prefix + "last_used_service", "N/A");
                continue;
            }
            var key = user.keys().get(k);
            set(header, fields, prefix + "last_rotated", time(key.createdAt()));
            Instant lastUsed = user.keyLastUsed(org, k, day);
            Instant byHand = keyUseByHand.apply(k);
            if (byHand != null && (lastUsed == null || byHand.isAfter(lastUsed))) {
                lastUsed = byHand;
            }
            set(header, fields, prefix + "last_used_date", lastUsed == null ? "N/A" : time(lastUsed));
            set(header, fields, prefix + "last_used_region", lastUsed == null ? "N/A" : key.region());
            set(header, fields, prefix + "last_used_service", lastUsed == null ? "N/A" : key.service());
        }
    }

    /** The row AWS always writes first: the root user, no console password column of its own, MFA on, no keys. */
    private static String rootRow(List<String> header, String accountId, Instant accountCreated, Instant lastSignIn) {
        String[] fields = new String[header.size()];
        Arrays.fill(fields, "N/A");
        set(header, fields, "user", "<root_account>");
        set(header, fields, "arn", "arn:aws:iam::" + accountId + ":root");
        set(header, fields, "user_creation_time", time(accountCreated));
        set(header, fields, "password_enabled", "not_supported");
        set(header, fields, "password_last_used", time(lastSignIn.isBefore(accountCreated) ? accountCreated : lastSignIn));
        set(header, fields, "password_last_changed", "not_supported");
        set(header, fields, "password_next_rotation", "not_supported");
        set(header, fields, "mfa_active", "true");
        for (String column : header) {
            if (column.endsWith("_active") && !column.equals("mfa_active")) {
                set(header, fields, column, "false");
            }
        }
        return String.join(",", fields);
    }

    private static String time(Instant instant) {
        return AWS_TIME.format(instant);
    }

    private static String get(List<String> header, String[] fields, String column) {
        int index = header.indexOf(column);
        return index < 0 ? null : fields[index];
    }

    private static void set(List<String> header, String[] fields, String column, String value) {
        int index = header.indexOf(column);
        if (index >= 0) {
            fields[index] = value;
        }
    }
}
