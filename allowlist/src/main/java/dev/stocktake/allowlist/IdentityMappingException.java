package dev.stocktake.allowlist;

import java.util.List;

/**
 * The identity mapping file is not valid. Every problem reads {@code <file>:<line>: <field>: <problem> -- <what to do>}
 * ({@link #messages()}); the exception's message lists them all.
 */
public final class IdentityMappingException extends RuntimeException {

    /**
     * One problem.
     *
     * @param line the line in the file; 0 for the file as a whole
     * @param field the column, or null when the problem is not one field's (a line's field count, a quote)
     * @param problem what is wrong
     * @param todo what to do about it
     */
    public record Problem(int line, String field, String problem, String todo) {

        /** {@code <file>:<line>: <field>: <problem> -- <todo>}, leaving out the line when 0 and the field when null. */
        public String message(String file) {
            return file + (line == 0 ? "" : ":" + line) + ": " + (field == null ? "" : field + ": ") + problem + " -- " + todo;
        }
    }

    private final String file;
    private final List<Problem> problems;

    public IdentityMappingException(String file, List<Problem> problems) {
        super(file + " is not a valid identity mapping (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  " + String.join("\n  ", problems.stream().map(p -> p.message(file)).toList()));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The file's name as given to the parser. */
    public String file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Every problem as {@code <file>:<line>: <field>: <problem> -- <what to do>}, in the order of the file. */
    public List<String> messages() {
        return problems.stream().map(p -> p.message(file)).toList();
    }
}
