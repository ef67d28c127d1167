package dev.stocktake.notifier.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.stocktake.sql.athena.AthenaQueries;

/**
 * One of the digest's queries: a SELECT over the shipped views, from
 * {@code src/main/resources/dev/stocktake/notifier/digest/sql/<name>.sql}.
 *
 * @param name     the file name without {@code .sql}
 * @param sql      the statement, without a trailing {@code ;}
 * @param question the question it answers: its leading comment up to the first {@code ?}
 */
public record DigestQuery(String name, String sql, String question) {

    static final String FOLDER = "sql/";

    public static final String ACCOUNTS = "accounts";
    public static final String GOAL = "goal";
    public static final String NEW_USERS = "new_users";
    public static final String OLDEST_UNUSED_CREDENTIALS = "oldest_unused_credentials";
    public static final String CONSOLE_USERS = "console_users";
    public static final String COVERAGE = "coverage";
    public static final String MISSING_ACCOUNTS = "missing_accounts";
    public static final String ALLOWLIST = "allowlist";
    public static final String ALLOWLIST_FINDINGS = "allowlist_findings";
    public static final String REJECTED_REPORTS = "rejected_reports";
    public static final String MILESTONES = "milestones";
    public static final String MILESTONE_BLOCKERS = "milestone_blockers";
    public static final String MILESTONE_OWNERS = "milestone_owners";
    public static final String MIGRATION_VERDICTS = "migration_verdicts";
    public static final String OWNER_TODO = "owner_todo";
    public static final String REMEDIATION = "remediation";

    /** The digest's queries in the order of {@code sql/queries.txt}. */
    public static List<DigestQuery> all() {
        List<DigestQuery> queries = new ArrayList<>();
        for (String line : resource("queries.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String text = resource(name + ".sql");
            StringBuilder comment = new StringBuilder();
            for (String sqlLine : text.split("\n")) {
                if (!sqlLine.startsWith("--")) {
                    break;
                }
                comment.append(comment.isEmpty() ? "" : " ").append(sqlLine.substring(2).strip());
            }
            String question = comment.indexOf("?") < 0 ? comment.toString() : comment.substring(0, comment.indexOf("?") + 1);
            queries.add(new DigestQuery(name, text.strip().replaceFirst(";$", ""), question));
        }
        return List.copyOf(queries);
    }

    /** How many {@code ?} parameters the statement has (0 or 1: the digest's day). */
    public int parameterCount() {
        int count = 0;
        for (String line : sql.split("\n")) {
            count += (int) code(line).chars().filter(c -> c == '?').count();
        }
        return count;
    }

    /** The statement with its parameter bound to {@code day}, for Athena. */
    public AthenaQueries.Statement statement(LocalDate day) {
        return new AthenaQueries.Statement(name, sql, parameterCount() == 0 ? List.of() : List.of(literal(day)));
    }

    /**
     * The statement with the day written in place of its parameter: for engines without execution parameters (the
     * embedded Trino behind {@code ./stocktake demo}).
     */
    public String inlined(LocalDate day) {
        StringBuilder inlined = new StringBuilder(sql.length() + 16);
        for (String line : sql.split("\n", -1)) {
            String code = code(line);
            inlined.append(inlined.isEmpty() ? "" : "\n").append(code.replace("?", literal(day))).append(line.substring(code.length()));
        }
        return inlined.toString();
    }

    /** A line without its {@code --} comment (the digest's SQL has no {@code --} inside string literals). */
    private static String code(String line) {
        int comment = line.indexOf("--");
        return comment < 0 ? line : line.substring(0, comment);
    }

    /** The SQL literal the day is bound as: {@code '2026-03-05'} (the statements cast it to a date). */
    static String literal(LocalDate day) {
        return "'" + day + "'";
    }

    private static String resource(String name) {
        try (InputStream in = DigestQuery.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing digest query resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
