package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.ResultFormat;
import dev.stocktake.sql.engine.SqlException;

/**
 * {@code stocktake sql}: runs the shipped views and named queries, a SQL file or a statement on an embedded Trino
 * (the engine behind Athena v3) over a folder of reports laid out like the bucket, or over an S3 prefix.
 */
@Command(name = "sql",
        mixinStandardHelpOptions = true,
        description = {
                "Runs Stocktake's Athena views and named queries on an embedded Trino",
                "(Athena engine v3) over reports laid out like the bucket:",
                "DIR/YYYY/MM/DD/<account-name>@<account-id>.csv (or DIR/credential-reports/...), or over",
                "s3://bucket/prefix/ (copied to a temporary folder first; AWS_ENDPOINT_URL",
                "selects the emulator). The table is credential_reports; --list shows the",
                "views and queries."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the statement ran", "1:the data could not be read or the SQL failed (the message says where)",
                "2:bad flags"})
final class SqlCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Folder laid out like the bucket, or an S3 location (required but with --list).")
    String data;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--view", paramLabel = "NAME", description = "Print a view: select * from NAME.")
        String view;

        @Option(names = "--query", paramLabel = "NAME", description = "Run a named query.")
        String query;

        @Option(names = "--file", paramLabel = "FILE", description = "Run the statement in FILE.")
        Path file;

        @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run SQL.")
        String sql;

        @Option(names = "--list", description = "List the views and named queries with the question each answers.")
        boolean list;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    SqlCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResultFormat resultFormat;
        try {
            resultFormat = ResultFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("stocktake sql: --format must be table, csv or json, got: " + format);
            return ExitCodes.USAGE;
        }
        if (what.list) {
            list(out);
            return ExitCodes.OK;
        }
        if (data == null) {
            err.println("stocktake sql: --data is required: a folder laid out like the bucket, or s3://bucket/prefix/");
            return ExitCodes.USAGE;
        }
        String source;
        String statement;
        if (what.file != null) {
            source = what.file.toString();
            try {
                statement = Files.readString(what.file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                err.println("stocktake sql: no such file: " + what.file);
                return ExitCodes.USAGE;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            source = "<command line>";
            statement = what.sql;
        }
        try (DataFolder dataFolder = DataFolder.open(data, env)) {
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
            try (LocalAthena athena = LocalAthena.start(dataFolder.folder())) {
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                if (athena.folder().lastDay().isAfter(today)) {
                    err.println("stocktake sql: warning: reports dated after today in UTC (the latest is "
                            + athena.folder().lastDay() + ") are outside the table's projected range (..., NOW)"
                            + " and are not read, as on Athena");
                    err.flush();
                }
                QueryResult result;
                if (what.view != null) {
                    result = athena.view(what.view);
                } else if (what.query != null) {
                    result = athena.query(what.query);
                } else {
                    result = athena.execute(source, statement);
                }
                resultFormat.write(result, out);
                out.flush();
                if (!"rejected_reports".equals(what.view)) {
                    err.print(RejectedReports.warning(athena, "stocktake sql", data, athena.reportDaysRead()));
                    err.flush();
                }
                return ExitCodes.OK;
            }
        } catch (ReportFolderException | SqlException e) {
            err.println("stocktake sql: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            err.println("stocktake sql: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
