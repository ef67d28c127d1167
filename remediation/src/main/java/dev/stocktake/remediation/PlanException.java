package dev.stocktake.remediation;

import java.util.List;

/** A plan file that cannot be used: every problem as {@code <file>: <field>: <problem> -- <what to do>}. */
public final class PlanException extends RuntimeException {

    private final List<String> problems;

    public PlanException(String file, List<String> problems) {
        super("The plan " + file + " cannot be used:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
