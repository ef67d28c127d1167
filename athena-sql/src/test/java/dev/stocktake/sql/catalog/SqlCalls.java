package dev.stocktake.sql.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the function calls in a SQL text, for the check that the shipped views and queries only call what Athena
 * engine v3 has. A small lexer, not a parser: it reads comments ({@code --} and {@code /* *}{@code /}), string
 * literals (with {@code ''} escapes) and quoted identifiers (with {@code ""} escapes) for what they are, so a
 * call-looking text inside them is no call, and a call is found whatever its case and wherever its parenthesis is
 * (after spaces or newlines). It errs towards reporting: anything of the form {@code name (} is a call unless it
 * is one of the forms listed in {@link #calls}.
 */
final class SqlCalls {

    /** A call of {@code name} (lower case, as SQL resolves it) on 1-based {@code line}. */
    record Call(String name, int line) {
    }

    /**
     * Keywords that can stand right before a parenthesis without being a call ({@code x in (...)}, {@code over (...)},
     * {@code listagg(...) within group (...)}, {@code group by rollup (...)}, ...).
     */
    static final Set<String> KEYWORDS = Set.of(
            "all", "and", "any", "as", "between", "by", "case", "cube", "define", "distinct", "else", "escape",
            "except", "exists", "from", "group", "having", "in", "intersect", "is", "join", "lateral", "like",
            "limit", "match_recognize", "measures", "not", "offset", "on", "or", "over", "pattern", "rollup",
            "select", "sets", "some", "subset", "then", "union", "using", "values", "view", "when", "where",
            "window", "with");

    private enum Kind { WORD, QUOTED, SYMBOL }

    private record Token(Kind kind, String text, int line) {
        boolean is(String symbolOrWord) {
            return kind != Kind.QUOTED && text.equals(symbolOrWord);
        }
    }

    private SqlCalls() {
    }

    /**
     * The calls in {@code sql}, in order. Not calls: a keyword of {@link #KEYWORDS} before {@code (}; a name right
     * after {@code as} (an alias's column list, {@code unnest(x) as u (kind)}, or a type, {@code cast(x as
     * row(a varchar(3)))}: what is inside that parenthesis is skipped); a name right after {@code )} (a subquery's
     * alias with columns, {@code (values 1) t (v)}, or an aggregate's {@code filter (where ...)}); a CTE's name
     * with its column list ({@code with t (a, b) as (...)}).
     *
     * @throws IllegalArgumentException naming the line when a string, quoted identifier or block comment never ends
     */
    static List<Call> calls(String sql) {
        List<Token> tokens = tokens(sql);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token name = tokens.get(i);
            if (name.kind() == Kind.SYMBOL || !tokens.get(i + 1).is("(")) {
                continue;
            }
            Token before = i > 0 ? tokens.get(i - 1) : null;
            if (before != null && before.is("as")) {
                i = closingParenthesis(tokens, i + 1); // a type or an alias's column list: nothing in it is a call
            } else if ((before != null && before.is(")"))
                    || (name.kind() == Kind.WORD && KEYWORDS.contains(name.text()))
                    || isCteColumnList(tokens, i + 1)) {
                // not a call; what follows inside the parenthesis is read as usual
            } else {
                calls.add(new Call(name.text(), name.line()));
            }
        }
        return calls;
    }

    /**
     * {@code sql} with every comment blanked (its line breaks kept, so line numbers stay), every string literal
     * replaced by {@code ''} and every quoted identifier by {@code ""}: what is left is code only.
     */
    static String withoutCommentsAndStrings(String sql) {
        StringBuilder code = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int end = endOfSpecial(sql, i);
            if (end < 0) {
                code.append(sql.charAt(i++));
                continue;
            }
            char first = sql.charAt(i);
            if (first == '\'') {
                code.append("''");
            } else if (first == '"') {
                code.append("\"\"");
            } else {
                sql.substring(i, end).chars().forEach(c -> code.append(c == '\n' ? '\n' : ' '));
            }
            i = end;
        }
        return code.toString();
    }

    private static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = endOfSpecial(sql, i);
            if (end >= 0) {
                if (c == '"') {
                    String identifier = sql.substring(i + 1, end - 1).replace("\"\"", "\"");
                    tokens.add(new Token(Kind.QUOTED, identifier.toLowerCase(Locale.ROOT), line));
                } else if (c == '\'') {
                    tokens.add(new Token(Kind.SYMBOL, "''", line)); // a literal: never a name, never a parenthesis
                }
                line += (int) sql.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end;
            } else if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i).toLowerCase(Locale.ROOT), line));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.SYMBOL, sql.substring(start, i), line)); // a number, e.g. 1e3: no name
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), line));
                i++;
            }
        }
        return tokens;
    }

    /**
     * Where the comment, string literal or quoted identifier starting at {@code i} ends (exclusive), or -1 when
     * none starts there.
     */
    private static int endOfSpecial(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '-' && sql.startsWith("--", i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            int close = sql.indexOf("*/", i + 2);
            if (close < 0) {
                throw new IllegalArgumentException("block comment opened on line " + lineOf(sql, i) + " never ends");
            }
            return close + 2;
        }
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (true) {
                int close = sql.indexOf(c, j);
                if (close < 0) {
                    throw new IllegalArgumentException((c == '\'' ? "string literal" : "quoted identifier")
                            + " opened on line " + lineOf(sql, i) + " never ends");
                }
                if (close + 1 < sql.length() && sql.charAt(close + 1) == c) {
                    j = close + 2; // a doubled quote inside
                } else {
                    return close + 1;
                }
            }
        }
        return -1;
    }

    private static int lineOf(String sql, int index) {
        return 1 + (int) sql.substring(0, index).chars().filter(ch -> ch == '\n').count();
    }

    /** The index of the {@code )} that closes the {@code (} at {@code open} (the last token if it is never closed). */
    private static int closingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** Whether the parenthesis at {@code open} is followed, once closed, by {@code as (}: a CTE's column list. */
    private static boolean isCteColumnList(List<Token> tokens, int open) {
        int close = closingParenthesis(tokens, open);
        return close + 2 < tokens.size() && tokens.get(close + 1).is("as") && tokens.get(close + 2).is("(");
    }
}
