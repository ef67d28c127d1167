package dev.stocktake.allowlist;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the migration views need from the config section {@code migration}: the idle days that make an IAM user ready to
 * remove, the tag keys holding a user's email and owner and an account's owner, the default owners per OU or root, and
 * the milestones (day, at most N console users, per scope). Built from the config ({@link #fromConfig}) and written as
 * the two CSV files the central stack deploys ({@link #settingsCsv()} to {@value #SETTINGS_KEY}, {@link #milestonesCsv()}
 * to {@value #MILESTONES_KEY}); the CLI and the demo read a deployed copy back ({@link #parseSettingsCsv},
 * {@link #parseMilestonesCsv}, {@link #read(Path)}).
 */
public final class MigrationSettings {

    public static final int DEFAULT_IDLE_DAYS = 90;
    public static final String DEFAULT_USER_EMAIL_TAG = "email";
    public static final String DEFAULT_USER_OWNER_TAG = "owner";
    public static final String DEFAULT_ACCOUNT_OWNER_TAG = "owner";

    public static final String SETTINGS_HEADER = "setting,scope,value";
    public static final String MILESTONES_HEADER = "day,max_console_users,scope,name";
    /** The settings file's key in the report bucket (and path in a local data folder). */
    public static final String SETTINGS_KEY = "migration-settings/migration-settings.csv";
    /** The milestones file's key in the report bucket (and path in a local data folder). */
    public static final String MILESTONES_KEY = "milestones/milestones.csv";

    public static final String IDLE_DAYS = "idle_days";
    public static final String USER_EMAIL_TAG = "user_email_tag";
    public static final String USER_OWNER_TAG = "user_owner_tag";
    public static final String ACCOUNT_OWNER_TAG = "account_owner_tag";
    public static final String DEFAULT_OWNER = "default_owner";

    /** The longest owner accepted: the longest tag value IAM and Organizations store. */
    public static final int MAX_OWNER = 256;
    public static final int MAX_MILESTONE_NAME = 64;

    private static final List<String> SETTINGS_COLUMNS = List.of(SETTINGS_HEADER.split(","));
    private static final List<String> MILESTONES_COLUMNS = List.of(MILESTONES_HEADER.split(","));
    /** The settings of the config's {@code migration} section (infra-cdk's config table lists them). */
    public static final List<String> CONFIG_KEYS = List.of("idleDays", "userEmailTag", "userOwnerTag", "accountOwnerTag",
            "defaultOwners", "milestones", "identityMappingFile");
    private static final List<String> DEFAULT_OWNER_KEYS = List.of("scope", "owner");
    private static final List<String> MILESTONE_KEYS = List.of("day", "maxConsoleUsers", "scope", "name");

    /** IAM's and Organizations' tag key characters. */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /**
     * A default owner: the owner of IAM users no allowlist entry, user tag or account tag gives one.
     *
     * @param scope an OU ID ({@code ou-...}) or root ID ({@code r-...}): the accounts under it at any depth (the deepest
     *              scope on an account's OU path wins); {@code ""}: the organization-wide fallback
     */
    public record DefaultOwner(String scope, String owner) {
        public DefaultOwner {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * A milestone: on {@code day}, at most {@code maxConsoleUsers} IAM users with console access in the scope.
     *
     * @param scope {@code ""}: the organization; an OU or root ID: every account under it; a 12-digit account ID
     * @param name a label for people, or null
     */
    public record Milestone(LocalDate day, int maxConsoleUsers, String scope, String name) {
        public Milestone {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(scope, "scope");
        }

        public boolean isOrganization() {
            return scope.isEmpty();
        }
    }

    private final int idleDays;
    private final String userEmailTag;
    private final String userOwnerTag;
    private final String accountOwnerTag;
    private final List<DefaultOwner> defaultOwners;
    private final List<Milestone> milestones;
    private final String identityMappingFile;

    private MigrationSettings(int idleDays, String userEmailTag, String userOwnerTag, String accountOwnerTag,
                              List<DefaultOwner> defaultOwners, List<Milestone> milestones, String identityMappingFile) {
        this.idleDays = idleDays;
        this.userEmailTag = userEmailTag;
        this.userOwnerTag = userOwnerTag;
        this.accountOwnerTag = accountOwnerTag;
        this.defaultOwners = List.copyOf(defaultOwners);
        this.milestones = List.copyOf(milestones);
        this.identityMappingFile = identityMappingFile;
    }

    /** Every default: 90 idle days, tags {@code email}, {@code owner}, {@code owner}, no default owner, no milestone. */
    public static MigrationSettings defaults() {
        return new MigrationSettings(DEFAULT_IDLE_DAYS, DEFAULT_USER_EMAIL_TAG, DEFAULT_USER_OWNER_TAG,
                DEFAULT_ACCOUNT_OWNER_TAG, List.of(), List.of(), IdentityMapping.DEFAULT_FILE);
    }

    /** Days idle (console password and access keys) from which a matched, assigned IAM user is ready to remove. */
    public int idleDays() {
        return idleDays;
    }

    /** The IAM user tag key holding the person's email (the views match it case-insensitively). */
    public String userEmailTag() {
        return userEmailTag;
    }

    /** The IAM user tag key holding the user's owner. */
    public String userOwnerTag() {
        return userOwnerTag;
    }

    /** The account tag key (in the account directory) holding the account's owner. */
    public String accountOwnerTag() {
        return accountOwnerTag;
    }

    /** The default owners in the order of the config. */
    public List<DefaultOwner> defaultOwners() {
        return defaultOwners;
    }

    /** The milestones in the order of the config. */
    public List<Milestone> milestones() {
        return milestones;
    }

    /** The identity mapping file, relative to the repository root (config {@code identityMappingFile}). */
    public String identityMappingFile() {
        return identityMappingFile;
    }

    /**
     * These settings with {@code milestones} instead of their own (as read from a deployed milestones file).
     *
     * @throws MigrationSettingsException when the milestones break a rule ({@link #fromConfig})
     */
    public MigrationSettings withMilestones(List<Milestone> milestones) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < milestones.size(); i++) {
            Milestone m = milestones.get(i);
            String where = "milestones[" + i + "]";
            if (m.maxConsoleUsers() < 0) {
                problems.add(where + ".maxConsoleUsers: " + m.maxConsoleUsers() + " is negative -- give 0 or more");
            }
            addIfBad(problems, where + ".scope", milestoneScopeProblem(m.scope()));
            if (m.name() != null) {
                addIfBad(problems, where + ".name", nameProblem(m.name()));
            }
        }
        checkMilestoneOrder(milestones, i -> "milestones[" + i + "]", (i, field) -> "milestones[" + i + "]." + field + ": ",
                problems);
        if (!problems.isEmpty()) {
            throw new MigrationSettingsException("milestones", problems);
        }
        return new MigrationSettings(idleDays, userEmailTag, userOwnerTag, accountOwnerTag, defaultOwners, milestones,
                identityMappingFile);
    }

    // ---------------------------------------------------------------- the config

    /**
     * Reads and validates the config section {@code migration}; every problem is reported at once. An absent section
     * (null, JSON null or missing) gives {@link #defaults()}, as does an absent or null key its default.
     *
     * @param migration the section's JSON object
     * @param where the section's path in the config, e.g. {@code migration}: every problem starts with it
     * @throws MigrationSettingsException naming each problem's JSON path ({@code migration.milestones[2].day})
     */
    public static MigrationSettings fromConfig(JsonNode migration, String where) {
        String prefix = where == null || where.isEmpty() ? "" : where + ".";
        String source = where == null || where.isEmpty() ? "migration settings" : where;
        if (absent(migration)) {
            return defaults();
        }
        List<String> problems = new ArrayList<>();
        if (!migration.isObject()) {
            throw new MigrationSettingsException(source, List.of(source + ": must be a JSON object -- write "
                    + "{\"idleDays\": 90, ...} or leave it out for the defaults"));
        }
        for (Iterator<String> names = migration.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CONFIG_KEYS.contains(name)) {
                problems.add(prefix + name + ": is not a migration setting -- use one of " + String.join(", ", CONFIG_KEYS)
                        + " (the names are case-sensitive)");
            }
        }
        int idleDays = DEFAULT_IDLE_DAYS;
        JsonNode idle = migration.get("idleDays");
        if (!absent(idle)) {
            Integer value = integer(idle, 1, prefix + "idleDays", problems,
                    "give a whole number of days, at least 1 (default " + DEFAULT_IDLE_DAYS + ")");
            idleDays = value == null ? idleDays : value;
        }
        String userEmailTag = tagKey(migration, "userEmailTag", DEFAULT_USER_EMAIL_TAG, prefix, problems);
        String userOwnerTag = tagKey(migration, "userOwnerTag", DEFAULT_USER_OWNER_TAG, prefix, problems);
        String accountOwnerTag = tagKey(migration, "accountOwnerTag", DEFAULT_ACCOUNT_OWNER_TAG, prefix, problems);

        List<DefaultOwner> defaultOwners = new ArrayList<>();
        JsonNode owners = migration.get("defaultOwners");
        if (!absent(owners)) {
            if (!owners.isArray()) {
                problems.add(prefix + "defaultOwners: must be a JSON array -- write [{\"scope\": \"r-a1b2\", \"owner\": "
                        + "\"team@example.com\"}, ...]");
            } else {
                Map<String, Integer> scopes = new HashMap<>();
                for (int i = 0; i < owners.size(); i++) {
                    String at = prefix + "defaultOwners[" + i + "]";
                    DefaultOwner owner = defaultOwner(owners.get(i), at, problems);
                    if (owner == null) {
                        continue;
                    }
                    Integer first = scopes.putIfAbsent(owner.scope(), i);
                    if (first != null) {
                        problems.add(at + ".scope: " + scopeLabel(owner.scope()) + " already has an owner in defaultOwners["
                                + first + "] -- keep one default owner per scope");
                        continue;
                    }
                    defaultOwners.add(owner);
                }
            }
        }

        List<Milestone> milestones = new ArrayList<>();
        List<Integer> milestoneIndexes = new ArrayList<>();
        JsonNode list = migration.get("milestones");
        if (!absent(list)) {
            if (!list.isArray()) {
                problems.add(prefix + "milestones: must be a JSON array -- write [{\"day\": \"2027-03-31\", "
                        + "\"maxConsoleUsers\": 100}, ...]");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Milestone milestone = milestone(list.get(i), prefix + "milestones[" + i + "]", problems);
                    if (milestone != null) {
                        milestones.add(milestone);
                        milestoneIndexes.add(i);
                    }
                }
                checkMilestoneOrder(milestones, k -> "milestones[" + milestoneIndexes.get(k) + "]",
                        (k, field) -> prefix + "milestones[" + milestoneIndexes.get(k) + "]." + field + ": ", problems);
            }
        }

        String mappingFile = IdentityMapping.DEFAULT_FILE;
        JsonNode file = migration.get("identityMappingFile");
        if (!absent(file)) {
            if (!file.isTextual() || file.asText().isBlank() || !file.asText().endsWith(".csv")
                    || CONTROL.matcher(file.asText()).find()) {
                problems.add(prefix + "identityMappingFile: " + describe(file) + " is not the path of a .csv file -- give "
                        + "the path relative to the repository root (default " + IdentityMapping.DEFAULT_FILE + ")");
            } else {
                mappingFile = file.asText();
            }
        }
        if (!problems.isEmpty()) {
            throw new MigrationSettingsException(source, problems);
        }
        return new MigrationSettings(idleDays, userEmailTag, userOwnerTag, accountOwnerTag, defaultOwners, milestones,
                mappingFile);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String describe(JsonNode node) {
        return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
    }

    /** The node as an int at least {@code min}, or null with a problem. */
    private static Integer integer(JsonNode node, int min, String path, List<String> problems, String todo) {
        if (!node.isIntegralNumber()) {
            problems.add(path + ": " + describe(node) + " is not a whole number -- " + todo);
            return null;
        }
        if (!node.canConvertToInt()) {
            problems.add(path + ": " + describe(node) + " is too large -- " + todo);
            return null;
        }
        if (node.intValue() < min) {
            problems.add(path + ": " + node.intValue() + " is less than " + min + " -- " + todo);
            return null;
        }
        return node.intValue();
    }

    private static String tagKey(JsonNode section, String key, String fallback, String prefix, List<String> problems) {
        JsonNode node = section.get(key);
        if (absent(node)) {
            return fallback;
        }
        if (!node.isTextual()) {
            problems.add(prefix + key + ": " + describe(node) + " is not a string -- give a tag key such as '" + fallback + "'");
            return fallback;
        }
        return addIfBad(problems, prefix + key, tagKeyProblem(node.asText())) ? fallback : node.asText();
    }

    private static DefaultOwner defaultOwner(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": must be a JSON object -- write {\"scope\": \"ou-...\", \"owner\": \"team@example.com\"}");
            return null;
        }
        int before = problems.size();
        unknownKeys(node, DEFAULT_OWNER_KEYS, at, problems);
        String scope = optionalText(node, "scope", at, problems);
        if (scope != null) {
            addIfBad(problems, at + ".scope", defaultOwnerScopeProblem(scope));
        }
        JsonNode owner = node.get("owner");
        if (absent(owner)) {
            problems.add(at + ".owner: is missing -- give the owner (a team or an email address)");
        } else if (!owner.isTextual()) {
            problems.add(at + ".owner: " + describe(owner) + " is not a string -- give the owner (a team or an email address)");
        } else {
            addIfBad(problems, at + ".owner", ownerProblem(owner.asText()));
        }
        return problems.size() > before ? null : new DefaultOwner(scope == null ? "" : scope, owner.asText());
    }

    private static Milestone milestone(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": must be a JSON object -- write {\"day\": \"2027-03-31\", \"maxConsoleUsers\": 100}");
            return null;
        }
        int before = problems.size();
        unknownKeys(node, MILESTONE_KEYS, at, problems);
        LocalDate day = null;
        JsonNode dayNode = node.get("day");
        if (absent(dayNode)) {
            problems.add(at + ".day: is missing -- give the milestone's day as YYYY-MM-DD");
        } else if (!dayNode.isTextual()) {
            problems.add(at + ".day: " + describe(dayNode) + " is not a date -- write it as a string YYYY-MM-DD");
        } else {
            String[] problem = dayProblem(dayNode.asText());
            if (addIfBad(problems, at + ".day", problem)) {
                day = null;
            } else {
                day = LocalDate.parse(dayNode.asText());
            }
        }
        Integer max = null;
        JsonNode maxNode = node.get("maxConsoleUsers");
        if (absent(maxNode)) {
            problems.add(at + ".maxConsoleUsers: is missing -- give the most console users allowed on that day (0 or more)");
        } else {
            max = integer(maxNode, 0, at + ".maxConsoleUsers", problems, "give the most console users allowed on that day "
                    + "(0 or more)");
        }
        String scope = optionalText(node, "scope", at, problems);
        if (scope != null) {
            addIfBad(problems, at + ".scope", milestoneScopeProblem(scope));
        }
        String name = optionalText(node, "name", at, problems);
        if (name != null && !name.isEmpty()) {
            addIfBad(problems, at + ".name", nameProblem(name));
        }
        if (problems.size() > before) {
            return null;
        }
        return new Milestone(day, max, scope == null ? "" : scope, name == null || name.isEmpty() ? null : name);
    }

    private static void unknownKeys(JsonNode node, List<String> known, String at, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at + "." + name + ": is not a known key -- use " + String.join(", ", known)
                        + " (the names are case-sensitive)");
            }
        }
    }

    /** The text of an optional string key, null when absent, null with a problem when not a string. */
    private static String optionalText(JsonNode node, String key, String at, List<String> problems) {
        JsonNode value = node.get(key);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(at + "." + key + ": " + describe(value) + " is not a string -- write it in quotes");
            return null;
        }
        return value.asText();
    }

    // ---------------------------------------------------------------- value rules, shared by the config and the CSVs

    /** Adds {@code <where>: <problem> -- <todo>} when {@code problem} is not null; says whether it did. */
    private static boolean addIfBad(List<String> problems, String where, String[] problem) {
        if (problem == null) {
            return false;
        }
        problems.add(where + ": " + problem[0] + " -- " + problem[1]);
        return true;
    }

    private static String[] tagKeyProblem(String key) {
        if (key.isEmpty()) {
            return new String[] {"is empty", "give a tag key (1 to 128 characters)"};
        }
        if (!TAG_KEY.matcher(key).matches()) {
            return new String[] {"'" + key + "' is not a tag key", "use 1 to 128 letters, digits, spaces and _ . : / = + - @"};
        }
        if (!key.equals(key.strip())) {
            return new String[] {"'" + key + "' has a leading or trailing space", "remove it"};
        }
        if (key.regionMatches(true, 0, "aws:", 0, 4)) {
            return new String[] {"'" + key + "' starts with aws:, a prefix AWS keeps for its own tags",
                    "give the key your users or accounts are tagged with"};
        }
        return null;
    }

    private static String[] textProblem(String value, int max, String what) {
        if (!value.equals(value.strip())) {
            return new String[] {"'" + value + "' has a leading or trailing space", "remove it"};
        }
        if (value.length() > max) {
            return new String[] {"has " + value.length() + " characters, more than " + max, "shorten the " + what};
        }
        if (CONTROL.matcher(value).find()) {
            return new String[] {"holds a control character (a tab or a line break)", "write the " + what + " on one line"};
        }
        if (value.indexOf('\\') >= 0) {
            return new String[] {"holds a backslash (\\), which Athena's CSV reader takes for an escape character",
                    "write the " + what + " another way (e.g. with /)"};
        }
        return null;
    }

    private static String[] ownerProblem(String owner) {
        if (owner.isBlank()) {
            return new String[] {"is empty", "give the owner (a team or an email address)"};
        }
        return textProblem(owner, MAX_OWNER, "owner");
    }

    private static String[] nameProblem(String name) {
        return textProblem(name, MAX_MILESTONE_NAME, "name");
    }

    private static String[] defaultOwnerScopeProblem(String scope) {
        if (scope.isEmpty() || ROOT_ID.matcher(scope).matches() || OU_ID.matcher(scope).matches()) {
            return null;
        }
        return new String[] {"'" + scope + "' is not an OU ID (ou-...) or a root ID (r-...)",
                "give the OU's or the root's ID, or leave the scope out for the organization-wide default"};
    }

    private static String[] milestoneScopeProblem(String scope) {
        if (scope.isEmpty() || ROOT_ID.matcher(scope).matches() || OU_ID.matcher(scope).matches()
                || ACCOUNT_ID.matcher(scope).matches()) {
            return null;
        }
        return new String[] {"'" + scope + "' is not an OU ID (ou-...), a root ID (r-...) or a 12-digit account ID",
                "give one of them, or leave the scope out for the whole organization"};
    }

    private static String[] dayProblem(String day) {
        try {
            LocalDate.parse(day);
            return null;
        } catch (DateTimeParseException e) {
            return new String[] {"'" + day + "' is not a date", "write YYYY-MM-DD"};
        }
    }

    private static String scopeLabel(String scope) {
        return scope.isEmpty() ? "the organization" : "scope " + scope;
    }

    /** Where a field's problem goes: a JSON path or {@code <file>:<line>: <field>}, ending in {@code ": "}. */
    @FunctionalInterface
    private interface FieldLocation {
        String at(int index, String field);
    }

    /**
     * Per scope, days unique and the maximum never rising with time. A problem goes to the later milestone of a pair.
     *
     * @param label how a problem names another milestone ({@code milestones[1]}, {@code line 3})
     */
    private static void checkMilestoneOrder(List<Milestone> milestones, IntFunction<String> label, FieldLocation location,
                                            List<String> problems) {
        Map<String, List<Integer>> byScope = new LinkedHashMap<>();
        for (int i = 0; i < milestones.size(); i++) {
            byScope.computeIfAbsent(milestones.get(i).scope(), s -> new ArrayList<>()).add(i);
        }
        List<String[]> found = new ArrayList<>();
        for (List<Integer> indexes : byScope.values()) {
            List<Integer> byDay = new ArrayList<>(indexes);
            // stable: of two milestones on one day, the one given first stays first and the second is the duplicate
            byDay.sort(Comparator.comparing(i -> milestones.get(i).day()));
            // each is held against the latest earlier milestone that broke no rule, so one bad line is named once
            int earlier = byDay.getFirst();
            for (int k = 1; k < byDay.size(); k++) {
                int later = byDay.get(k);
                Milestone a = milestones.get(earlier);
                Milestone b = milestones.get(later);
                String scope = scopeLabel(b.scope());
                if (a.day().equals(b.day())) {
                    int first = Math.min(earlier, later);
                    int second = Math.max(earlier, later);
                    found.add(new String[] {String.valueOf(second), location.at(second, "day") + b.day() + " is already the day of "
                            + label.apply(first) + " for " + scope + " -- give each milestone of a scope its own day"});
                } else if (b.maxConsoleUsers() > a.maxConsoleUsers()) {
                    found.add(new String[] {String.valueOf(later), location.at(later, "maxConsoleUsers") + b.maxConsoleUsers()
                            + " on " + b.day() + " is more than " + a.maxConsoleUsers() + " on " + a.day() + " ("
                            + label.apply(earlier) + ") for " + scope + " -- a later milestone allows at most as many console "
                            + "users as an earlier one"});
                } else {
                    earlier = later;
                }
            }
        }
        found.sort(Comparator.comparing(f -> Integer.parseInt(f[0])));
        found.forEach(f -> problems.add(f[1]));
    }

    // ---------------------------------------------------------------- the CSV files

    /**
     * {@code migration-settings.csv}: the header {@value #SETTINGS_HEADER}, then {@code idle_days},
     * {@code user_email_tag}, {@code user_owner_tag}, {@code account_owner_tag} (empty scope) and one
     * {@code default_owner,<scope>,<owner>} per default owner, in the order of the config; RFC 4180 quoting, LF line ends.
     */
    public String settingsCsv() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(SETTINGS_COLUMNS);
        rows.add(List.of(IDLE_DAYS, "", String.valueOf(idleDays)));
        rows.add(List.of(USER_EMAIL_TAG, "", userEmailTag));
        rows.add(List.of(USER_OWNER_TAG, "", userOwnerTag));
        rows.add(List.of(ACCOUNT_OWNER_TAG, "", accountOwnerTag));
        defaultOwners.forEach(o -> rows.add(List.of(DEFAULT_OWNER, o.scope(), o.owner())));
        return CsvTable.write(rows);
    }

    /**
     * {@code milestones.csv}: the header {@value #MILESTONES_HEADER}, then one line per milestone in the order of the
     * config (empty scope: the organization; empty name: none); RFC 4180 quoting, LF line ends. Only the header when
     * there is no milestone.
     */
    public String milestonesCsv() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(MILESTONES_COLUMNS);
        milestones.forEach(m -> rows.add(List.of(m.day().toString(), String.valueOf(m.maxConsoleUsers()), m.scope(),
                m.name() == null ? "" : m.name())));
        return CsvTable.write(rows);
    }

    /**
     * Reads a settings file ({@link #settingsCsv()}'s format, header in any order, {@code #} comments and blank lines
     * ignored): settings it leaves out keep their defaults; the result has no milestone.
     *
     * @param name the file's name, for messages
     * @throws MigrationSettingsException listing every problem as {@code <file>:<line>: <field>: <problem> -- <todo>}
     * @throws IOException when the reader fails
     */
    public static MigrationSettings parseSettingsCsv(String name, Reader reader) throws IOException {
        List<String> problems = new ArrayList<>();
        CsvTable.Problems sink = sink(name, problems);
        List<CsvTable.Row> rows = CsvTable.read(readAll(reader), SETTINGS_COLUMNS, sink);
        if (rows == null) {
            throw new MigrationSettingsException(name, problems);
        }
        Integer idleDays = null;
        Map<String, String> tags = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<DefaultOwner> owners = new ArrayList<>();
        for (CsvTable.Row row : rows) {
            int line = row.line();
            String setting = row.get("setting").strip();
            String scope = row.get("scope").strip();
            String value = row.get("value").strip();
            String identity = setting + "\u0000" + (setting.equals(DEFAULT_OWNER) ? scope : "");
            boolean known = switch (setting) {
                case IDLE_DAYS, USER_EMAIL_TAG, USER_OWNER_TAG, ACCOUNT_OWNER_TAG, DEFAULT_OWNER -> true;
                default -> false;
            };
            if (!known) {
                sink.add(line, "setting", "'" + setting + "' is not a setting", "use one of " + String.join(", ",
                        IDLE_DAYS, USER_EMAIL_TAG, USER_OWNER_TAG, ACCOUNT_OWNER_TAG, DEFAULT_OWNER));
                continue;
            }
            Integer first = seen.putIfAbsent(identity, line);
            if (first != null) {
                sink.add(line, setting.equals(DEFAULT_OWNER) ? "scope" : "setting", (setting.equals(DEFAULT_OWNER)
                        ? "the default owner of " + scopeLabel(scope) : setting) + " is already set on line " + first,
                        "keep one of lines " + first + " and " + line);
                continue;
            }
            if (setting.equals(DEFAULT_OWNER)) {
                String[] scopeProblem = defaultOwnerScopeProblem(scope);
                String[] ownerProblem = ownerProblem(value);
                if (scopeProblem != null) {
                    sink.add(line, "scope", scopeProblem[0], scopeProblem[1]);
                }
                if (ownerProblem != null) {
                    sink.add(line, "value", ownerProblem[0], ownerProblem[1]);
                }
                if (scopeProblem == null && ownerProblem == null) {
                    owners.add(new DefaultOwner(scope, value));
                }
                continue;
            }
            if (!scope.isEmpty()) {
                sink.add(line, "scope", "'" + scope + "' is given, but " + setting + " has no scope", "leave the scope empty");
                continue;
            }
            if (setting.equals(IDLE_DAYS)) {
                Integer days = csvInteger(value);
                if (days == null || days < 1) {
                    sink.add(line, "value", "'" + value + "' is not a whole number of days, at least 1",
                            "give the idle days (default " + DEFAULT_IDLE_DAYS + ")");
                } else {
                    idleDays = days;
                }
            } else {
                String[] problem = tagKeyProblem(value);
                if (problem != null) {
                    sink.add(line, "value", problem[0], problem[1]);
                } else {
                    tags.put(setting, value);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MigrationSettingsException(name, problems);
        }
        return new MigrationSettings(idleDays == null ? DEFAULT_IDLE_DAYS : idleDays,
                tags.getOrDefault(USER_EMAIL_TAG, DEFAULT_USER_EMAIL_TAG),
                tags.getOrDefault(USER_OWNER_TAG, DEFAULT_USER_OWNER_TAG),
                tags.getOrDefault(ACCOUNT_OWNER_TAG, DEFAULT_ACCOUNT_OWNER_TAG), owners, List.of(),
                IdentityMapping.DEFAULT_FILE);
    }

    /**
     * Reads a milestones file ({@link #milestonesCsv()}'s format, header in any order, {@code #} comments and blank lines
     * ignored), with the rules of the config: per scope, days unique and the maximum never rising.
     *
     * @param name the file's name, for messages
     * @throws MigrationSettingsException listing every problem as {@code <file>:<line>: <field>: <problem> -- <todo>}
     * @throws IOException when the reader fails
     */
    public static List<Milestone> parseMilestonesCsv(String name, Reader reader) throws IOException {
        List<String> problems = new ArrayList<>();
        CsvTable.Problems sink = sink(name, problems);
        List<CsvTable.Row> rows = CsvTable.read(readAll(reader), MILESTONES_COLUMNS, sink);
        if (rows == null) {
            throw new MigrationSettingsException(name, problems);
        }
        List<Milestone> milestones = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (CsvTable.Row row : rows) {
            int line = row.line();
            int before = problems.size();
            String day = row.get("day").strip();
            String max = row.get("max_console_users").strip();
            String scope = row.get("scope").strip();
            String label = row.get("name").strip();
            String[] dayProblem = day.isEmpty() ? new String[] {"is empty", "give the milestone's day as YYYY-MM-DD"}
                    : dayProblem(day);
            if (dayProblem != null) {
                sink.add(line, "day", dayProblem[0], dayProblem[1]);
            }
            Integer maximum = csvInteger(max);
            if (maximum == null || maximum < 0) {
                sink.add(line, "max_console_users", "'" + max + "' is not a whole number, 0 or more",
                        "give the most console users allowed on that day");
            }
            String[] scopeProblem = milestoneScopeProblem(scope);
            if (scopeProblem != null) {
                sink.add(line, "scope", scopeProblem[0], scopeProblem[1]);
            }
            String[] nameProblem = label.isEmpty() ? null : nameProblem(label);
            if (nameProblem != null) {
                sink.add(line, "name", nameProblem[0], nameProblem[1]);
            }
            if (problems.size() == before) {
                milestones.add(new Milestone(LocalDate.parse(day), maximum, scope, label.isEmpty() ? null : label));
                lines.add(line);
            }
        }
        checkMilestoneOrder(milestones, k -> "line " + lines.get(k), (k, field) -> name + ":" + lines.get(k) + ": "
                + MILESTONES_COLUMNS.get(field.equals("day") ? 0 : 1) + ": ", problems);
        // in the order of the file (stable: a line's own problems keep their column order)
        problems.sort(Comparator.comparingInt(p -> lineOf(name, p)));
        if (!problems.isEmpty()) {
            throw new MigrationSettingsException(name, problems);
        }
        return List.copyOf(milestones);
    }

    /**
     * The settings deployed in a local data folder (the bucket's layout: {@value #SETTINGS_KEY} and
     * {@value #MILESTONES_KEY}); an absent file means its defaults, as it does for the views.
     *
     * @throws MigrationSettingsException when a file is not valid
     * @throws IOException when a file exists but cannot be read
     */
    public static MigrationSettings read(Path dataFolder) throws IOException {
        MigrationSettings settings = defaults();
        Path settingsFile = dataFolder.resolve(SETTINGS_KEY);
        try (Reader reader = Files.newBufferedReader(settingsFile, StandardCharsets.UTF_8)) {
            settings = parseSettingsCsv(settingsFile.toString(), reader);
        } catch (NoSuchFileException e) {
            // absent: the defaults
        }
        Path milestonesFile = dataFolder.resolve(MILESTONES_KEY);
        try (Reader reader = Files.newBufferedReader(milestonesFile, StandardCharsets.UTF_8)) {
            settings = settings.withMilestones(parseMilestonesCsv(milestonesFile.toString(), reader));
        } catch (NoSuchFileException e) {
            // absent: no milestone
        }
        return settings;
    }

    /** Writes {@link #settingsCsv()} and {@link #milestonesCsv()} into a local data folder at their bucket keys. */
    public void write(Path dataFolder) throws IOException {
        Path settingsFile = dataFolder.resolve(SETTINGS_KEY);
        Path milestonesFile = dataFolder.resolve(MILESTONES_KEY);
        Files.createDirectories(settingsFile.getParent());
        Files.createDirectories(milestonesFile.getParent());
        Files.writeString(settingsFile, settingsCsv(), StandardCharsets.UTF_8);
        Files.writeString(milestonesFile, milestonesCsv(), StandardCharsets.UTF_8);
    }

    private static CsvTable.Problems sink(String name, List<String> problems) {
        return (line, field, problem, todo) -> problems.add(name + (line == 0 ? "" : ":" + line) + ": "
                + (field == null ? "" : field + ": ") + problem + " -- " + todo);
    }

    /** The line a problem of file {@code name} names ({@code <name>:<line>: ...}), 0 for the file as a whole. */
    private static int lineOf(String name, String problem) {
        int start = name.length() + 1;
        int end = problem.indexOf(':', start);
        return problem.startsWith(name + ":") && end > start ? Integer.parseInt(problem.substring(start, end)) : 0;
    }

    private static Integer csvInteger(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationSettings s && idleDays == s.idleDays && userEmailTag.equals(s.userEmailTag)
                && userOwnerTag.equals(s.userOwnerTag) && accountOwnerTag.equals(s.accountOwnerTag)
                && defaultOwners.equals(s.defaultOwners) && milestones.equals(s.milestones)
                && identityMappingFile.equals(s.identityMappingFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idleDays, userEmailTag, userOwnerTag, accountOwnerTag, defaultOwners, milestones,
                identityMappingFile);
    }

    @Override
    public String toString() {
        return "MigrationSettings[idleDays=" + idleDays + ", userEmailTag=" + userEmailTag + ", userOwnerTag=" + userOwnerTag
                + ", accountOwnerTag=" + accountOwnerTag + ", defaultOwners=" + defaultOwners + ", milestones=" + milestones
                + ", identityMappingFile=" + identityMappingFile + "]";
    }
}
