package dev.stocktake.sql.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shipped SQL file: a view ({@code views/<name>.sql}, a {@code create or replace view} statement) or a named
 * query ({@code queries/<name>.sql}, one {@code select}).
 *
 * @param name the view or query name (the file name without {@code .sql})
 * @param path where the file lives in the repository, e.g. {@code athena-sql/views/iam_users.sql}; used in messages
 * @param sql  the file's text, exactly as committed
 */
public record SqlFile(String name, String path, String sql) {

    private static final Pattern LEADING_COMMENT = Pattern.compile("\\A(\\s*--[^\\n]*\\n)+");
    private static final Pattern VIEW_HEADER = Pattern.compile(
            "\\A\\s*create\\s+or\\s+replace\\s+view\\s+(\\w+)\\s+as\\s+", Pattern.CASE_INSENSITIVE);

    /** The question the file answers: its leading comment lines, without the {@code --}. */
    public String description() {
        Matcher matcher = LEADING_COMMENT.matcher(sql);
        if (!matcher.find()) {
            return "";
        }
        return matcher.group().lines()
                .map(line -> line.strip().replaceFirst("^--\\s?", ""))
                .filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + " " + b)
                .orElse("");
    }

    /** The statement to run, without the trailing semicolon (line numbers stay those of the file). */
    public String statement() {
        return sql.stripTrailing().replaceFirst(";$", "").stripTrailing();
    }

    /**
     * For a view: the {@code select} after {@code create or replace view <name> as}, e.g. for a Glue view table's
     * original text. Fails when the file is not a view of this name.
     */
    public String viewQuery() {
        String body = LEADING_COMMENT.matcher(statement()).replaceFirst("");
        Matcher matcher = VIEW_HEADER.matcher(body);
        if (!matcher.find() || !matcher.group(1).equals(name)) {
            throw new IllegalStateException(path + " does not start with 'create or replace view " + name + " as'");
        }
        return body.substring(matcher.end());
    }
}
