package dev.stocktake.infra.config;

import java.util.List;

/** The configuration is invalid; the message names every offending field. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super("Invalid Stocktake configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the field path (e.g. {@code managementAccountId: ...}). */
    public List<String> problems() {
        return problems;
    }
}
