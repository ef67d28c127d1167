package dev.stocktake.allowlist;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.stocktake.allowlist.IdentityMappingException.Problem;

/**
 * The explicit mapping of IAM users to Identity Center people, kept as code ({@code allowlist/identity-mapping.csv}) and
 * deployed to {@code s3://<bucket>/identity-mapping/identity-mapping.csv}, where the Athena table
 * {@code identity_mapping} reads it. It settles what matching by user name or email cannot (a legacy name, no email
 * tag, several candidates).
 *
 * <p>Format: CSV (RFC 4180, UTF-8, an optional BOM, LF or CRLF) whose header names the columns {@value #HEADER} in any
 * order; blank lines and lines starting with {@code #} are ignored. {@code account}: a 12-digit account ID or {@code *}
 * (every account); {@code iam_user}: an exact IAM user name; {@code identity_center_user}: the person's Identity Center
 * user name (1 to 128 characters, no leading or trailing space); {@code reason}: required, who decided and why. One line
 * per (account, IAM user); a line naming the account by ID beats a {@code *} line for the same user.
 */
public final class IdentityMapping {

    public static final String HEADER = "account,iam_user,identity_center_user,reason";
    /** The columns in the order {@link #csv()} writes them (the Athena table's order). */
    public static final List<String> COLUMNS = List.of(HEADER.split(","));
    /** The repository file, relative to the repository root. */
    public static final String DEFAULT_FILE = "allowlist/identity-mapping.csv";
    /** The {@code account} value naming every account. */
    public static final String EVERY_ACCOUNT = "*";
    /** The deployed file's key in the report bucket (and path in a local data folder). */
    public static final String KEY = "identity-mapping/identity-mapping.csv";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern IAM_USER = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_IDENTITY_CENTER_USER = 128;

    private final List<IdentityMappingEntry> entries;
    /** Keyed by account ({@code *} included) and IAM user. */
    private final Map<String, IdentityMappingEntry> byAccountAndUser;

    private IdentityMapping(List<IdentityMappingEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, IdentityMappingEntry> index = new HashMap<>();
        entries.forEach(e -> index.put(key(e.account(), e.iamUser()), e));
        this.byAccountAndUser = Map.copyOf(index);
    }

    private static String key(String account, String iamUser) {
        return account + "\u0000" + iamUser;
    }

    /** The entries in the order of the file. */
    public List<IdentityMappingEntry> entries() {
        return entries;
    }

    /**
     * The line that maps {@code iamUser} (exact name) in {@code accountId}: the line naming the account by ID, else the
     * {@code *} line for that user, else empty.
     */
    public Optional<IdentityMappingEntry> entryFor(String accountId, String iamUser) {
        IdentityMappingEntry exact = byAccountAndUser.get(key(accountId, iamUser));
        return Optional.ofNullable(exact != null ? exact : byAccountAndUser.get(key(EVERY_ACCOUNT, iamUser)));
    }

    /** The Identity Center user name the mapping gives {@code iamUser} in {@code accountId} ({@link #entryFor}). */
    public Optional<String> personFor(String accountId, String iamUser) {
        return entryFor(accountId, iamUser).map(IdentityMappingEntry::identityCenterUser);
    }

    /**
     * The mapping as the Athena table reads it: the header {@value #HEADER} in this order, one line per entry in the
     * order of the file, values stripped, no comments, LF line ends, RFC 4180 quoting where needed. Deploy this rather
     * than the repository file: the table reads columns by position, and the repository file may order them otherwise.
     */
    public String csv() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS);
        entries.forEach(e -> rows.add(List.of(e.account(), e.iamUser(), e.identityCenterUser(), e.reason())));
        return CsvTable.write(rows);
    }

    /** An empty mapping: no line, every IAM user matched by name or email only. */
    public static IdentityMapping empty() {
        return new IdentityMapping(List.of());
    }

    /**
     * Reads and validates the file (strict UTF-8); every problem is reported at once.
     *
     * @throws IdentityMappingException naming each problem's line and field, with what to do
     * @throws IOException when the file cannot be read
     */
    public static IdentityMapping parse(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String name = file.toString();
        List<Problem> problems = new ArrayList<>();
        String text = CsvTable.decode(content, (line, field, problem, todo) -> problems.add(new Problem(line, field, problem, todo)));
        if (text == null) {
            throw new IdentityMappingException(name, problems);
        }
        return parse(name, text);
    }

    /**
     * Reads and validates the text; every problem is reported at once.
     *
     * @param name the file's name, for messages
     * @throws IdentityMappingException naming each problem's line and field, with what to do
     * @throws IOException when the reader fails
     */
    public static IdentityMapping parse(String name, Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return parse(name, text.toString());
    }

    private static IdentityMapping parse(String name, String text) {
        List<Problem> problems = new ArrayList<>();
        CsvTable.Problems sink = (line, field, problem, todo) -> problems.add(new Problem(line, field, problem, todo));
        List<CsvTable.Row> rows = CsvTable.read(text, COLUMNS, sink);
        if (rows == null) {
            throw new IdentityMappingException(name, problems);
        }
        List<IdentityMappingEntry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (CsvTable.Row row : rows) {
            IdentityMappingEntry entry = entry(row, sink);
            if (entry == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(key(entry.account(), entry.iamUser()), entry.line());
            if (first != null) {
                sink.add(entry.line(), "iam_user", "account '" + entry.account() + "' and IAM user '" + entry.iamUser()
                        + "' are already mapped on line " + first, "keep one of lines " + first + " and " + entry.line());
                continue;
            }
            entries.add(entry);
        }
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
        if (!problems.isEmpty()) {
            throw new IdentityMappingException(name, problems);
        }
        return new IdentityMapping(entries);
    }

    private static IdentityMappingEntry entry(CsvTable.Row row, CsvTable.Problems problems) {
        int line = row.line();
        boolean ok = true;
        String account = row.get("account").strip();
        if (account.isEmpty()) {
            problems.add(line, "account", "is empty", "give a 12-digit account ID, or * for every account");
            ok = false;
        } else if (DIGITS.matcher(account).matches() && !ACCOUNT_ID.matcher(account).matches()) {
            problems.add(line, "account", "'" + account + "' has " + account.length() + " digits, not 12",
                    "write the account ID with all 12 digits, leading zeros included");
            ok = false;
        } else if (!account.equals(EVERY_ACCOUNT) && !ACCOUNT_ID.matcher(account).matches()) {
            problems.add(line, "account", "'" + account + "' is not a 12-digit account ID or *",
                    "give the account's ID (not its name), or * for every account");
            ok = false;
        }
        String iamUser = row.get("iam_user").strip();
        if (iamUser.isEmpty()) {
            problems.add(line, "iam_user", "is empty", "give the IAM user's exact name");
            ok = false;
        } else if (!IAM_USER.matcher(iamUser).matches()) {
            problems.add(line, "iam_user", "'" + iamUser + "' is not an IAM user name",
                    "give the exact name: 1 to 64 letters, digits and + = , . @ _ - (no wildcards)");
            ok = false;
        }
        String person = row.get("identity_center_user");
        if (person.isBlank()) {
            problems.add(line, "identity_center_user", "is empty", "give the person's Identity Center user name");
            ok = false;
        } else if (!person.equals(person.strip())) {
            problems.add(line, "identity_center_user", "'" + person + "' has a leading or trailing space",
                    "remove it: Identity Center user names have none");
            ok = false;
        } else if (person.length() > MAX_IDENTITY_CENTER_USER) {
            problems.add(line, "identity_center_user", "has " + person.length() + " characters, more than "
                    + MAX_IDENTITY_CENTER_USER, "give the person's Identity Center user name (at most 128 characters)");
            ok = false;
        } else if (CONTROL.matcher(person).find()) {
            problems.add(line, "identity_center_user", "holds a control character (a tab?)",
                    "give the person's Identity Center user name as Identity Center shows it");
            ok = false;
        }
        String reason = row.get("reason").strip();
        if (reason.isEmpty()) {
            problems.add(line, "reason", "is empty", "say who decided this mapping and why");
            ok = false;
        }
        return ok ? new IdentityMappingEntry(line, account, iamUser, person, reason) : null;
    }
}
