package dev.stocktake.allowlist;

import java.util.List;

/**
 * The migration settings are not valid. Each problem names where it is, then what is wrong and what to do: in the config
 * {@code migration.milestones[2].day: '2027-02-30' is not a date -- write YYYY-MM-DD}, in a settings CSV
 * {@code milestones.csv:3: day: ... -- ...}.
 */
public final class MigrationSettingsException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    public MigrationSettingsException(String source, List<String> problems) {
        super(source + " is not valid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  "
                + String.join("\n  ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The config section's path ({@code migration}) or the CSV file's name. */
    public String source() {
        return source;
    }

    /** Every problem, each naming its JSON path or file, line and field. */
    public List<String> problems() {
        return problems;
    }
}
