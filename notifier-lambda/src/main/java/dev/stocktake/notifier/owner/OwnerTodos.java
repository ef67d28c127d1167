package dev.stocktake.notifier.owner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.stocktake.notifier.digest.DigestFormat;
import dev.stocktake.notifier.digest.DigestQuery;
import dev.stocktake.sql.athena.ResultTable;

/**
 * The day's IAM users to remove or migrate, per owner, from the query {@code owner/owner_users.sql} (view
 * {@code migration_status}, every verdict but allowlisted): the owners the owner digests go to (their owner value is an
 * email address the configuration accepts) with their users, and the others, which the main digest names. Pure.
 *
 * @param mailed         the owners to mail, in the query's order (by owner), each with their users
 * @param withoutAddress the other owners ({@code (no owner)} for users without one), in the query's order
 */
public record OwnerTodos(List<OwnerList> mailed, List<String> withoutAddress) {

    /** The query's name, as {@link DigestQuery#name()}: the key of its result. */
    public static final String QUERY = "owner_users";

    public OwnerTodos {
        mailed = List.copyOf(mailed);
        withoutAddress = List.copyOf(withoutAddress);
    }

    /** One owner's IAM users to remove or migrate. {@code owner} is the address as the first of its rows spells it. */
    public record OwnerList(String owner, List<UserLine> users) {
        public OwnerList {
            users = List.copyOf(users);
        }
    }

    /**
     * One IAM user.
     *
     * @param lastActivity the last use of any of its credentials ({@code 2026-03-14 09:00:00.000}), or {@code null}: never
     * @param idleDays     days since that use, else since it was created, or {@code null}
     */
    public record UserLine(String accountName, String accountId, String userName, String verdict, boolean consoleAccess,
                           long activeAccessKeys, String lastActivity, Long idleDays, String action) {
    }

    /** The query that reads the users, with the digest's day as its one parameter. */
    public static DigestQuery query() {
        try (InputStream in = OwnerTodos.class.getResourceAsStream(QUERY + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("missing owner digest query resource " + QUERY + ".sql");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            return new DigestQuery(QUERY, text.strip().replaceFirst(";$", ""), first.startsWith("--") ? first.substring(2).strip() : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits the query's rows by owner; an address is one owner whatever its case. */
    public static OwnerTodos read(ResultTable table, OwnerDigestConfig config) {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<UserLine>> users = new LinkedHashMap<>();
        Set<String> others = new LinkedHashSet<>();
        int owner = table.column("owner");
        for (List<String> row : table.rows()) {
            String value = row.get(owner);
            if (!config.mailable(value)) {
                others.add(DigestFormat.owner(value));
                continue;
            }
            String key = value.toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, value);
            users.computeIfAbsent(key, k -> new ArrayList<>()).add(line(table, row));
        }
        List<OwnerList> mailed = new ArrayList<>();
        users.forEach((key, lines) -> mailed.add(new OwnerList(spelling.get(key), lines)));
        return new OwnerTodos(mailed, new ArrayList<>(others));
    }

    private static UserLine line(ResultTable table, List<String> row) {
        String idle = text(table, row, "idle_days");
        String keys = text(table, row, "active_access_keys");
        return new UserLine(text(table, row, "account_name"), text(table, row, "account_id"), text(table, row, "user_name"),
                text(table, row, "verdict"), "true".equalsIgnoreCase(text(table, row, "has_console_access")),
                keys == null ? 0 : whole(keys, "active_access_keys"), text(table, row, "last_activity"),
                idle == null ? null : whole(idle, "idle_days"), text(table, row, "action"));
    }

    private static String text(ResultTable table, List<String> row, String column) {
        String value = row.get(table.column(column));
        return value == null || value.isEmpty() ? null : value;
    }

    private static long whole(String value, String column) {
        try {
            return Long.parseLong(value.contains(".") ? value.substring(0, value.indexOf('.')) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + column + " of " + QUERY + " holds '" + value + "', not a whole number", e);
        }
    }
}
