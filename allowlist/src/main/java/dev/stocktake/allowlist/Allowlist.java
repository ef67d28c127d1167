package dev.stocktake.allowlist;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.stocktake.allowlist.AllowlistException.Problem;

/**
 * The IAM users allowed to exist, kept as code ({@code allowlist/allowlist.csv}) and deployed to
 * the bucket, where an Athena table reads the same file.
 *
 * <p>Format: CSV (RFC 4180, UTF-8) with the header {@value #HEADER}; blank lines and lines
 * starting with {@code #} are ignored. {@code account}: a 12-digit ID, an account name, or
 * {@code *}; {@code user}: an IAM user name or a glob ({@code *}, {@code ?});
 * {@code credentials}: {@code console}, {@code access-keys} or {@code both}; {@code owner} and
 * {@code reason}: required; {@code ticket}: optional; {@code expires}: {@code YYYY-MM-DD}, the
 * last day the entry is in force (required: every exception ends).
 */
public final class Allowlist {

    public static final String HEADER = "account,user,credentials,owner,reason,ticket,expires";
    static final List<String> COLUMNS = List.of(HEADER.split(","));

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern USER = Pattern.compile("[\\w+=,.@*?-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");

    private final List<AllowlistEntry> entries;

    private Allowlist(List<AllowlistEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<AllowlistEntry> entries() {
        return entries;
    }

    /** The decision for one user, with the entry that made it ({@code null} when not listed). */
    public record Decision(AllowlistStatus status, AllowlistEntry entry) {
    }

    /**
     * What the allowlist says of a user on {@code day}: allowed beats violation beats expired
     * beats not listed, whichever entries match. When several matching entries give that best
     * status, the most specific one is the decision's entry, so its owner answers for the user:
     * an exact user name before a glob, then an entry naming the account by ID before one naming
     * it by name before {@code *}, then the latest expiry, then the smallest account and user
     * (entries are unique by account and user, so this order is total). The {@code iam_users}
     * view decides with exactly these rules, independent of the order of lines in the file.
     */
    public Decision decide(String accountId, String accountName, String userName, boolean consoleAccess,
                           boolean activeAccessKey, LocalDate day) {
        Decision best = new Decision(AllowlistStatus.NOT_LISTED, null);
        for (AllowlistEntry entry : entries) {
            if (!entry.matches(accountId, accountName, userName)) {
                continue;
            }
            AllowlistStatus status = !entry.inForce(day) ? AllowlistStatus.EXPIRED
                    : entry.credentials().allows(consoleAccess, activeAccessKey) ? AllowlistStatus.ALLOWED
                    : AllowlistStatus.VIOLATION;
            if (status.ordinal() < best.status().ordinal()
                    || status == best.status() && moreSpecific(entry, best.entry(), accountId)) {
                best = new Decision(status, entry);
            }
        }
        return best;
    }

    /** Whether {@code entry} wins a tie with {@code other} (both match the user, with the same status). */
    private static boolean moreSpecific(AllowlistEntry entry, AllowlistEntry other, String accountId) {
        return Comparator.comparing(AllowlistEntry::isGlob)
                .thenComparing(e -> accountRank(e, accountId))
                .thenComparing(AllowlistEntry::expires, Comparator.reverseOrder())
                .thenComparing(AllowlistEntry::account)
                .thenComparing(AllowlistEntry::user)
                .compare(entry, other) < 0;
    }

    /** 0 when the entry names the account by ID, 1 by name, 2 for {@code *}. */
    private static int accountRank(AllowlistEntry entry, String accountId) {
        return entry.account().equals(accountId) ? 0 : entry.account().equals("*") ? 2 : 1;
    }

    /** Entries whose expiry date has passed on {@code day}: findings, listed with their owner. */
    public List<AllowlistEntry> expiredOn(LocalDate day) {
        return entries.stream().filter(e -> !e.inForce(day)).toList();
    }

    /**
     * Parses and validates the file; every problem is reported at once.
     *
     * @param source the file's name, for messages
     * @throws AllowlistException naming each bad line and field
     */
    public static Allowlist parse(String source, byte[] content) {
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new AllowlistException(source, List.of(new Problem(0, null, "is not UTF-8 text")));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Csv.Record> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.CsvSyntaxException e) {
            throw new AllowlistException(source, List.of(new Problem(e.line(), null, e.getMessage())));
        }
        for (Csv.Record record : records) {
            if (record.fields().getFirst().startsWith("#")
                    && record.fields().stream().anyMatch(field -> field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0)) {
                problems.add(new Problem(record.line(), null, "a comment holds a quoted line break: Athena reads the file "
                        + "line by line and would take the next line for an entry; keep each comment on one line"));
            }
        }
        records = records.stream().filter(r -> !(r.fields().size() == 1 && r.fields().getFirst().isBlank())
                && !r.fields().getFirst().startsWith("#")).toList();
        if (records.isEmpty()) {
            throw new AllowlistException(source, List.of(new Problem(0, null, "has no header: the first line must be " + HEADER)));
        }
        Csv.Record header = records.getFirst();
        List<String> names = header.fields().stream().map(String::strip).toList();
        if (!names.equals(COLUMNS)) {
            throw new AllowlistException(source, List.of(new Problem(header.line(), null,
                    "the header must be exactly '" + HEADER + "', not '" + String.join(",", names) + "'")));
        }
        List<AllowlistEntry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            AllowlistEntry entry = entry(record, problems);
            if (entry == null) {
                continue;
            }
            String identity = entry.account() + "\u0000" + entry.user();
            Integer first = seen.putIfAbsent(identity, entry.line());
            if (first != null) {
                problems.add(new Problem(entry.line(), "user", "account '" + entry.account() + "' and user '" + entry.user()
                        + "' are already listed on line " + first + ": keep one entry per user"));
                continue;
            }
            entries.add(entry);
        }
        if (!problems.isEmpty()) {
            throw new AllowlistException(source, problems);
        }
        return new Allowlist(entries);
    }

    private static AllowlistEntry entry(Csv.Record record, List<Problem> problems) {
        int line = record.line();
        if (record.fields().size() != COLUMNS.size()) {
            problems.add(new Problem(line, null, "has " + record.fields().size() + " fields, expected " + COLUMNS.size()
                    + " (" + HEADER + "); quote a value that contains a comma"));
            return null;
        }
        int before = problems.size();
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String value = record.fields().get(i);
            // the Athena table (OpenCSV SerDe) reads one entry per line and takes \ as an escape character
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                problems.add(new Problem(line, COLUMNS.get(i), "holds a line break: Athena reads one entry per line; "
                        + "keep each entry on one line"));
            } else if (value.indexOf('\\') >= 0) {
                problems.add(new Problem(line, COLUMNS.get(i), "holds a backslash (\\), which Athena's CSV reader takes as an "
                        + "escape character: write it another way (e.g. with /)"));
            }
            f.put(COLUMNS.get(i), value.strip());
        }
        String account = f.get("account");
        if (account.isEmpty()) {
            problems.add(new Problem(line, "account", "is empty: give a 12-digit account ID, an account name, or * for every account"));
        } else if (DIGITS.matcher(account).matches() && !ACCOUNT_ID.matcher(account).matches()) {
            problems.add(new Problem(line, "account", "'" + account + "' looks like an account ID but has " + account.length()
                    + " digits, not 12 (keep leading zeros)"));
        } else if (!account.equals("*") && (account.length() > 50 || !PRINTABLE.matcher(account).matches())) {
            problems.add(new Problem(line, "account", "'" + account + "' is neither a 12-digit account ID nor an account name "
                    + "(printable ASCII, at most 50 characters)"));
        }
        String user = f.get("user");
        if (user.isEmpty()) {
            problems.add(new Problem(line, "user", "is empty: give an IAM user name or a glob such as 'vendor-*'"));
        } else if (!USER.matcher(user).matches()) {
            problems.add(new Problem(line, "user", "'" + user + "' is not an IAM user name or glob (letters, digits, + = , . @ _ - "
                    + "and the wildcards * ?; at most 64 characters)"));
        }
        AllowedCredentials credentials = AllowedCredentials.parse(f.get("credentials"));
        if (credentials == null) {
            problems.add(new Problem(line, "credentials", "'" + f.get("credentials") + "' must be console, access-keys or both"));
        }
        if (f.get("owner").isEmpty()) {
            problems.add(new Problem(line, "owner", "is empty: every exception needs an owner who answers for it"));
        }
        if (f.get("reason").isEmpty()) {
            problems.add(new Problem(line, "reason", "is empty: say why this IAM user must exist"));
        }
        LocalDate expires = null;
        if (f.get("expires").isEmpty()) {
            problems.add(new Problem(line, "expires", "is empty: every exception ends; give the last day as YYYY-MM-DD"));
        } else {
            try {
                expires = LocalDate.parse(f.get("expires"));
            } catch (DateTimeParseException e) {
                problems.add(new Problem(line, "expires", "'" + f.get("expires") + "' is not a date: use YYYY-MM-DD"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new AllowlistEntry(line, account, user, credentials, f.get("owner"), f.get("reason"),
                f.get("ticket").isEmpty() ? null : f.get("ticket"), expires);
    }
}
