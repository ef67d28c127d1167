package dev.stocktake.allowlist;

import java.util.List;
import java.util.stream.Collectors;

/** The allowlist file is not valid; every problem names its line and field. */
public final class AllowlistException extends RuntimeException {

    /** One problem: {@code line} 0 means the file as a whole. */
    public record Problem(int line, String field, String message) {
        @Override
        public String toString() {
            String where = line == 0 ? "" : "line " + line;
            if (field != null) {
                where += (where.isEmpty() ? "" : ", ") + "field '" + field + "'";
            }
            return where.isEmpty() ? message : where + ": " + message;
        }
    }

    private final String source;
    private final List<Problem> problems;

    public AllowlistException(String source, List<Problem> problems) {
        super(source + " is not a valid allowlist (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n"
                + problems.stream().map(p -> "  " + source + " " + p).collect(Collectors.joining("\n")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }
}
