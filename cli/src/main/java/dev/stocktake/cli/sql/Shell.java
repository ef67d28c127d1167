package dev.stocktake.cli.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ResultFormat;
import dev.stocktake.sql.table.TableDefinition;

/**
 * {@code stocktake sql} without a statement: reads statements ending in {@code ;} (over several lines if need be)
 * and runs each, with a few commands: {@code \d} (or {@code .views}) lists the views and tables, {@code \d NAME}
 * describes one, {@code \q} (or {@code exit}, {@code quit}) quits, {@code \?} (or {@code help}) lists the commands.
 * A statement's names and syntax are checked before the engine sees it; an error is shown and the shell goes on.
 * On a terminal the lines come from jline (editing, history, completion of names); otherwise from stdin, as a script.
 */
public final class Shell {

    static final String PROMPT = "stocktake> ";
    static final String CONTINUATION = "        -> ";
    public static final String HELP = """
            Statements end with ';' and may span lines. Commands:
              \\d  or .views     list the views and tables
              \\d NAME           the columns and types of a view or table
              \\q  or exit       quit (also Ctrl-D)
              \\?  or help       this help""";

    private final Names names;
    private final Engine engine;
    private final Output output;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String source;

    /**
     * @param source what statements are called in messages, e.g. {@code <stdin>}
     */
    public Shell(Names names, Engine engine, Output output, PrintWriter out, PrintWriter err, String source) {
        this.names = names;
        this.engine = engine;
        this.output = output;
        this.out = out;
        this.err = err;
        this.source = source;
    }

    /** Where the shell's lines come from. */
    public interface Input {
        /** The next line, or {@code null} at the end of the input; {@link Cancelled} drops the statement being typed. */
        String readLine(String prompt);
    }

    /** Ctrl-C at the prompt: the statement being typed is dropped. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Lines from a reader (stdin when it is not a terminal): no prompt. */
    public static Input lines(BufferedReader reader) {
        return prompt -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the statements from stdin", e);
            }
        };
    }

    /**
     * Lines from a jline terminal: line editing, the history kept in {@code history} (if not {@code null}), and the
     * names of views, tables and commands completed with Tab.
     */
    public static Input jline(Terminal terminal, Path history, Names names) {
        List<String> words = new ArrayList<>(names.relations());
        words.addAll(List.of("\\d", "\\q", "\\?", ".views", "exit", "quit", "help", "select", "from", "where", "group by",
                "order by", "limit", "count(*)"));
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("stocktake")
                .completer(new StringsCompleter(words))
                // statements are long: keep the text as typed, tabs and all
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // an indented continuation line of a statement is history too (jline skips lines starting with a space)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false);
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        LineReader reader = builder.build();
        return prompt -> {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                throw new Cancelled();
            } catch (EndOfFileException e) {
                return null;
            }
        };
    }

    /**
     * Runs statements and commands until the input ends or {@code \q}.
     *
     * @return 0 when every statement and command succeeded, 1 when one failed (each failure was shown)
     */
    public int run(Input input) {
        engine.startInBackground();
        StringBuilder statement = new StringBuilder();
        boolean failed = false;
        while (true) {
            String line;
            try {
                line = input.readLine(statement.isEmpty() ? PROMPT : CONTINUATION);
            } catch (Cancelled e) {
                statement.setLength(0);
                continue;
            }
            if (line == null) {
                if (!statement.toString().isBlank()) {
                    err.println("error: " + source + ": the last statement does not end with ';': not run");
                    err.flush();
                    failed = true;
                }
                return failed ? 1 : 0;
            }
            if (statement.isEmpty()) {
                String command = line.strip().replaceFirst(";$", "").strip();
                if (command.isEmpty() || command.startsWith("--")) {
                    continue;
                }
                String lower = command.toLowerCase(Locale.ROOT);
                if (lower.equals("\\q") || lower.equals("exit") || lower.equals("quit")) {
                    return failed ? 1 : 0;
                }
                if (lower.equals("\\?") || lower.equals("help")) {
                    out.println(HELP);
                    out.flush();
                    continue;
                }
                if (lower.equals("\\d") || lower.equals(".views") || lower.equals(".tables")) {
                    listRelations();
                    continue;
                }
                if (lower.startsWith("\\d ") || lower.startsWith(".describe ")) {
                    failed |= !describe(command.substring(command.indexOf(' ') + 1).strip());
                    continue;
                }
                if (command.startsWith("\\") || command.startsWith(".")) {
                    err.println("error: unknown command '" + command + "'; \\? lists the commands");
                    err.flush();
                    failed = true;
                    continue;
                }
            }
            statement.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                failed |= !execute(statement.toString());
                statement.setLength(0);
            }
        }
    }

    private boolean execute(String sql) {
        try {
            StatementCheck.check(source, sql, names);
            QueryResult result = engine.execute(source, sql);
            output.print(result, List.of(), out, err, "--limit N or --all when starting the shell for more");
            return true;
        } catch (RuntimeException e) {
            // a check, the engine or the data: shown, and the session goes on
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return false;
        }
    }

    private void listRelations() {
        out.println("Views (select * from NAME; \\d NAME for the columns):");
        for (SqlFile view : names.catalog().views()) {
            out.printf("  %-28s %s%n", view.name(), firstSentence(view.description()));
        }
        out.println("Tables (the files as they are):");
        for (TableDefinition table : names.tables()) {
            out.printf("  %-28s %s%n", table.name(), table.summary().replaceFirst("^--\\s*", ""));
        }
        out.flush();
    }

    private boolean describe(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        var table = names.table(lower);
        if (table.isPresent()) {
            List<List<Object>> rows = new ArrayList<>();
            for (TableDefinition.Column column : table.get().columns()) {
                rows.add(List.<Object>of(column.name(), column.type()));
            }
            for (TableDefinition.Column column : table.get().partitionKeys()) {
                rows.add(List.<Object>of(column.name(), column.type() + " (partition)"));
            }
            ResultFormat.TABLE.write(new QueryResult(List.of("column", "type"), List.of("varchar", "varchar"), rows, 0, 0, 0), out);
            return true;
        }
        var view = names.catalog().view(lower);
        if (view.isEmpty()) {
            err.println("error: no table or view named '" + name + "'" + Names.didYouMean(lower, names.relations())
                    + "; \\d lists them");
            err.flush();
            return false;
        }
        try {
            QueryResult described = engine.execute(source, "describe " + view.get().name());
            out.println(firstSentence(view.get().description()));
            ResultFormat.TABLE.write(Output.project(described, List.of("Column", "Type")), out);
            return true;
        } catch (RuntimeException e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return false;
        }
    }

    static String firstSentence(String description) {
        int end = description.indexOf('?');
        return end < 0 ? description : description.substring(0, end + 1);
    }
}
