package dev.stocktake.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.cli.sql.Engine;
import dev.stocktake.cli.sql.Names;
import dev.stocktake.cli.sql.Output;
import dev.stocktake.cli.sql.Shell;
import dev.stocktake.cli.sql.StatementCheck;
import dev.stocktake.cli.sql.Terminals;
import dev.stocktake.cli.sql.ViewDisplay;
import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ReportFolder;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.SqlException;

/**
 * {@code stocktake sql}: runs the shipped views and named queries, a SQL file or a statement on an embedded Trino
 * (the engine behind Athena v3) over a folder of reports laid out like the bucket, the output of the demo, or an S3
 * prefix; without any of them, an interactive shell (or the statements on stdin).
 *
 * <p>Names and syntax are checked before the engine starts ({@link StatementCheck}), so a typo fails at once (exit 2).
 */
@Command(name = "sql",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Runs Stocktake's Athena views and named queries, or your SQL, on an embedded Trino (Athena engine v3).",
                "",
                "Without --view, --query, --file or -e: a shell (statements end with ';', \\d lists the views, "
                        + "\\d NAME describes one, \\q quits), or the statements on stdin when it is not a terminal.",
                "",
                "--data is the output folder of ./stocktake demo (the default), a folder laid out like the bucket "
                        + "(YYYY/MM/DD/<account-name>@<account-id>.csv, or credential-reports/... with the account "
                        + "directory, allowlist and migration data beside it), or s3://bucket/prefix/ (copied to a "
                        + "temporary folder first; AWS_ENDPOINT_URL selects the emulator).",
                "",
                "A table shows at most 100 rows and, for a view, a few columns; views with a row per account or user "
                        + "and day show the latest day (said on stderr). csv and json print every row and column. "
                        + "Names and syntax are checked before the engine starts; while it loads the reports, a "
                        + "progress line shows on stderr when that is a terminal.",
                "",
                "A statement that only reads, over a local folder, is answered by a query engine kept running in the "
                        + "background for the next one (the first starts it; it stops after 10 idle minutes, "
                        + "STOCKTAKE_ENGINE_IDLE=MINUTES): later statements skip the engine's start. --stop stops it; "
                        + "STOCKTAKE_ENGINE=off never keeps one. The shell, s3:// data and statements that change views "
                        + "run on an engine of their own."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake sql                         # a shell over ./stocktake-demo",
                "  ./stocktake sql --list                  # the views and named queries",
                "  ./stocktake sql --view console_users    # latest day, short columns",
                "  ./stocktake sql --view console_users --all-days -o csv > users.csv",
                "  ./stocktake sql --view daily_counts --day 2026-11-30 -o wide",
                "  ./stocktake sql --query accounts_with_most_console_users --limit 10",
                "  ./stocktake sql --data stocktake-data -e \"select count(*) from iam_users\"",
                "  ./stocktake sql --data s3://my-bucket/ --file question.sql -o json",
                "  echo \"select count(*) from console_users;\" | ./stocktake sql",
                "  ./stocktake sql --stop                  # stop the engine it kept running"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the statement ran", "1:the data could not be read or the SQL failed on the engine (the message says where)",
                "2:bad flags, an unknown view or query name, or a statement with a syntax error or an unknown table (checked before the engine starts)"})
final class SqlCommand implements Callable<Integer> {

    /** Where the shell keeps its history unless {@code STOCKTAKE_HISTORY} says otherwise. */
    static final String HISTORY_FILE = ".stocktake_history";

    private final Map<String, String> env;

    /** The shell's input when it is not a terminal; tests set their own. */
    InputStream stdin = System.in;

    /** Whether stdin and stderr are terminals, asked when first needed ({@code null} until then); tests set them. */
    Boolean stdinIsTerminal;
    Boolean stderrIsTerminal;

    /**
     * Set when this run is served by a kept engine ({@link KeptEngineServer}): gives its engine, kept between runs; the
     * run then never asks for a kept engine itself.
     */
    java.util.function.Function<ReportFolder, LocalAthena> kept;

    /** The folder relative paths are read from ({@code null}: this process's): the client's, on a kept engine. */
    Path workingDirectory;

    /** How a kept engine is started; {@code null}: through the launcher (see {@link KeptEngine}). Tests set their own. */
    KeptEngine.Spawner spawner;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR|s3://BUCKET/PREFIX", defaultValue = "stocktake-demo",
            description = "The demo's output folder, a folder laid out like the bucket, or an S3 location "
                    + "(default: ${DEFAULT-VALUE}, what ./stocktake demo writes).")
    String data;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    What what;

    static final class What {
        @Option(names = "--view", paramLabel = "NAME", description = "Show a view (select * from NAME).")
        String view;

        @Option(names = "--query", paramLabel = "NAME", description = "Run a named query.")
        String query;

        @Option(names = "--file", paramLabel = "FILE", description = "Run the statement in FILE.")
        Path file;

        @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run SQL.")
        String sql;

        @Option(names = "--list", description = "List the views and named queries with the question each answers.")
        boolean list;

        @Option(names = "--stop", description = "Stop the query engines kept in the background for later statements.")
        boolean stop;
    }

    @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default: short columns, 100 rows), wide (every column), csv or json (every row).")
    String format;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows (default 100 for a table, all for csv and json).")
    Integer limit;

    @Option(names = "--all", description = "Print every row.")
    boolean all;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "With --view: this day (default: the latest day, for views with a row per account or user and day).")
    String day;

    @Option(names = "--all-days", description = "With --view: every day.")
    boolean allDays;

    SqlCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Output output;
        try {
            output = Output.of(format, limit, all);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (what != null && what.list) {
            list(out);
            return ExitCodes.OK;
        }
        if (what != null && what.stop) {
            return KeptEngines.stop(env, out);
        }
        // everything that can be checked without the engine, before it starts
        Names names = Names.shipped();
        LocalDate requestedDay = null;
        if (day != null || allDays) {
            if (what == null || what.view == null) {
                return usage(err, (day != null ? "--day" : "--all-days") + " applies to --view only; in SQL, filter on dt");
            }
            if (day != null && allDays) {
                return usage(err, "--day and --all-days contradict each other: give one");
            }
            if (day != null) {
                try {
                    requestedDay = LocalDate.parse(day);
                } catch (DateTimeParseException e) {
                    return usage(err, "--day must be a date as YYYY-MM-DD, got: " + day);
                }
            }
        }
        String source = null;
        String statement = null;
        boolean readsOnly = true;
        ViewDisplay display = null;
        if (what != null && what.view != null) {
            if (names.catalog().view(what.view).isEmpty()) {
                return usage(err, unknown("view", what.view, names.views(), names.queries(), "--query"));
            }
            display = ViewDisplay.of(what.view);
            if (requestedDay != null && !display.hasDay()) {
                return usage(err, "view " + what.view + " has no day column (dt): --day does not apply");
            }
        } else if (what != null && what.query != null) {
            if (names.catalog().query(what.query).isEmpty()) {
                return usage(err, unknown("query", what.query, names.queries(), names.views(), "--view"));
            }
        } else if (what != null && what.file != null) {
            source = what.file.toString();
            try {
                statement = Files.readString(resolve(what.file.toString()), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return usage(err, "no such file: " + what.file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (what != null) {
            source = "<command line>";
            statement = what.sql;
        }
        if (statement != null) {
            try {
                readsOnly = StatementCheck.readsOnly(StatementCheck.check(source, statement, names));
            } catch (StatementCheck.CheckFailure e) {
                return usage(err, e.getMessage());
            }
        }
        String credentials = AwsCredentialsCheck.forS3(env, data);
        if (credentials != null) {
            err.println("stocktake sql: " + credentials);
            return ExitCodes.USAGE;
        }
        boolean defaultData = spec.commandLine().getParseResult().matchedOption("--data") == null;
        if (kept == null && what != null && readsOnly) {
            OptionalInt answered = inKeptEngine(out, err);
            if (answered.isPresent()) {
                return answered.getAsInt();
            }
        }
        // the engine's server starts now, beside the copy from S3 and the folder's scan (most of the start's time)
        try (LocalAthena.Ahead ahead = kept == null ? LocalAthena.startAhead() : null;
             DataFolder dataFolder = DataFolder.open(data.startsWith("s3://") ? data : resolve(data).toString(), env)) {
            if (dataFolder.fromS3()) {
                if (dataFolder.copiedFiles() == 0) {
                    err.println("stocktake sql: no credential reports under " + data
                            + ": expected objects laid out like the bucket, <prefix>YYYY/MM/DD/<account-name>@<account-id>.csv");
                    return ExitCodes.FAILED;
                }
                err.printf("Copied %d report file(s) from %s to %s%n", dataFolder.copiedFiles(), data, dataFolder.folder());
                err.println("  with " + dataFolder.companions());
                err.flush();
            }
            ReportFolder folder = ReportFolder.scan(dataFolder.folder());
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (folder.lastDay().isAfter(today)) {
                err.println("stocktake sql: warning: reports dated after today in UTC (the latest is "
                        + folder.lastDay() + ") are outside the table's projected range (..., NOW)"
                        + " and are not read, as on Athena");
                err.flush();
            }
            if (stderrIsTerminal == null) {
                stderrIsTerminal = Terminals.isTerminal(SystemStream.Error);
            }
            Path cache = Caches.prepare(env);
            try (Engine engine = kept != null ? Engine.shared(folder, err, stderrIsTerminal, kept)
                    : new Engine(folder, err, stderrIsTerminal, ahead, cache)) {
                if (what == null) {
                    return shell(names, engine, output, out, err);
                }
                QueryResult result;
                List<String> shortColumns = List.of();
                if (display != null) {
                    LocalDate shown = requestedDay;
                    if (shown == null && display.latestDay() && !allDays) {
                        shown = folder.lastDay().isAfter(today) ? today : folder.lastDay();
                        err.println("Showing " + shown + ", the latest day in " + data
                                + " (--day YYYY-MM-DD for another, --all-days for every day)");
                        err.flush();
                    }
                    SqlFile view = names.catalog().view(what.view).orElseThrow();
                    result = engine.execute(view.path(), display.statement(shown));
                    shortColumns = display.shortColumns();
                } else if (what.query != null) {
                    SqlFile query = names.catalog().query(what.query).orElseThrow();
                    result = engine.execute(query.path(), query.statement());
                } else {
                    result = engine.execute(source, statement);
                }
                output.print(result, shortColumns, out, err, "--limit N or --all to see them");
                if (!"rejected_reports".equals(what.view)) {
                    err.print(RejectedReports.warning(engine.athena(), "stocktake sql", data, engine.athena().reportDaysRead(),
                            cache));
                    err.flush();
                }
                return ExitCodes.OK;
            }
        } catch (ReportFolderException e) {
            err.println("stocktake sql: " + e.getMessage());
            if (defaultData) {
                err.println("  (--data defaults to ./stocktake-demo, what ./stocktake demo writes: run the demo first,"
                        + " or give --data DIR|s3://BUCKET/PREFIX)");
            }
            return ExitCodes.FAILED;
        } catch (SqlException e) {
            err.println("stocktake sql: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs this command line on the engine kept for the folder (see {@link KeptEngine}), starting one if need be.
     *
     * @return its exit code, or empty when no engine is kept for it or the kept one could not answer (nothing was
     *         printed on {@code out}: the statement runs here)
     */
    private OptionalInt inKeptEngine(PrintWriter out, PrintWriter err) {
        if (stderrIsTerminal == null) {
            stderrIsTerminal = Terminals.isTerminal(SystemStream.Error);
        }
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        if (!args.isEmpty() && args.getFirst().equals("sql")) {
            args = args.subList(1, args.size());
        }
        Path cwd = workingDirectory != null ? workingDirectory : Path.of("").toAbsolutePath();
        return KeptEngines.answer(env, data, cwd, args, stderrIsTerminal, spawner, out, err);
    }

    /** {@code path} read from {@link #workingDirectory} when it is relative. */
    private Path resolve(String path) {
        return workingDirectory == null ? Path.of(path) : workingDirectory.resolve(path).normalize();
    }

    private int shell(Names names, Engine engine, Output output, PrintWriter out, PrintWriter err) throws IOException {
        if (stdinIsTerminal == null) {
            stdinIsTerminal = Terminals.isTerminal(SystemStream.Input);
        }
        if (!stdinIsTerminal) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            return new Shell(names, engine, output, out, err, "<stdin>").run(Shell.lines(reader));
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            ReportFolder folder = engine.folder();
            out.printf("stocktake sql over %s: %,d report files, %s to %s.%n", data, folder.files(), folder.firstDay(),
                    folder.lastDay());
            out.println(Shell.HELP);
            out.flush();
            String history = env.get("STOCKTAKE_HISTORY");
            Path historyFile = history != null ? Path.of(history)
                    : env.get("HOME") != null ? Path.of(env.get("HOME"), HISTORY_FILE) : null;
            return new Shell(names, engine, output, out, err, "<shell>").run(Shell.jline(terminal, historyFile, names));
        }
    }

    /** {@code no view named 'x'; did you mean 'y'?}, or that it is a query (or view) of that name. */
    private static String unknown(String kind, String name, List<String> same, List<String> other, String otherFlag) {
        if (other.contains(name)) {
            return name + " is not a " + kind + " but a " + (kind.equals("view") ? "named query" : "view")
                    + ": use " + otherFlag + " " + name;
        }
        return "no " + kind + " named '" + name + "'" + Names.didYouMean(name, same) + " (./stocktake sql --list lists them)";
    }

    private static int usage(PrintWriter err, String message) {
        err.println("stocktake sql: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void list(PrintWriter out) {
        SqlCatalog catalog = SqlCatalog.shipped();
        out.println("Views (--view NAME):");
        for (SqlFile view : catalog.views()) {
            out.printf("  %-36s %s%n", view.name(), firstSentence(view));
        }
        out.println("Named queries (--query NAME):");
        for (SqlFile query : catalog.queries()) {
            out.printf("  %-36s %s%n", query.name(), firstSentence(query));
        }
        out.flush();
    }

    private static String firstSentence(SqlFile file) {
        String description = file.description();
        int end = description.indexOf('?');
        return end < 0 ? description : description.substring(0, end + 1);
    }
}
