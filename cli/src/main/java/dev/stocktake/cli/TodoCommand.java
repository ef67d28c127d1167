package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.ResultFormat;
import dev.stocktake.sql.engine.SqlException;

/** {@code stocktake todo}: each owner's to-do list for a report day, from the view {@code owner_todo}. */
@Command(name = "todo",
        mixinStandardHelpOptions = true,
        description = {
                "Prints what each owner has to remove or migrate on a report day, by account and verdict.",
                "The day is the latest in the data unless --day says otherwise. The list comes from the shipped view "
                        + "owner_todo on the embedded Trino: the IAM users (not allowlisted) with their verdict "
                        + "(machine user, Identity Center unknown, no identity, needs assignment, ready to remove, "
                        + "still in use), how many can sign in to the console, their names and what to do. The table says "
                        + "the verdicts in words; csv and json keep owner_todo's values (machine_user, ready_to_remove, ...), "
                        + "the ones to filter on in SQL.",
                "--data is a folder laid out like the bucket (credential-reports/, iam-details/, identity-center/, "
                        + "accounts/, the settings) or s3://bucket/prefix/ with the current AWS credentials "
                        + "(AWS_ENDPOINT_URL selects the emulator). See docs/migration.md for the verdicts and how "
                        + "owners are found."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the to-do list was printed (also when it is empty)", "1:the data could not be read (the message says why)",
                "2:bad flags, or no usable AWS credentials for an s3:// --data"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake todo",
                "      Every owner's to-do on the latest day of the demo's data.",
                "  ./stocktake todo --owner '(no owner)'",
                "      The IAM users nobody owns.",
                "  AWS_PROFILE=audit ./stocktake todo \\",
                "      --data s3://stocktake-reports-111122223333/ --format csv",
                "      Straight from the central bucket, as CSV."})
final class TodoCommand implements Callable<Integer> {

    /** The columns printed, in order. */
    static final List<String> COLUMNS = List.of("owner", "account_name", "account_id", "verdict", "users", "console_users",
            "action", "user_names");

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR|s3://BUCKET/PREFIX", defaultValue = "stocktake-demo/reports",
            description = "Folder laid out like the bucket, or an S3 location (default ${DEFAULT-VALUE}, what ./stocktake demo writes).")
    String data;

    @Option(names = "--owner", paramLabel = "NAME",
            description = "Only this owner's to-do (exactly as owner_todo names it; `(no owner)` for the users nobody owns).")
    String owner;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The report day (default: the latest in the data).")
    LocalDate day;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default; verdicts in words), csv or json (owner_todo's values as they are).")
    String format;

    TodoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResultFormat resultFormat;
        try {
            resultFormat = ResultFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("stocktake todo: --format must be table, csv or json, got: " + format);
            return ExitCodes.USAGE;
        }
        if (owner != null && owner.isBlank()) {
            err.println("stocktake todo: --owner is empty; give an owner as owner_todo names it, or leave --owner out for every owner");
            return ExitCodes.USAGE;
        }
        String credentials = AwsCredentialsCheck.forS3(env, data);
        if (credentials != null) {
            err.println("stocktake todo: " + credentials);
            return ExitCodes.USAGE;
        }
        try (DataFolder dataFolder = DataFolder.open(data, env)) {
            if (dataFolder.fromS3()) {
                err.printf("Copied %d report file(s) from %s%n", dataFolder.copiedFiles(), data);
                err.println("  with " + dataFolder.companions());
                err.flush();
            }
            try (LocalAthena athena = LocalAthena.start(dataFolder.folder())) {
                LocalDate first = athena.folder().firstDay();
                LocalDate latest = athena.folder().lastDay();
                LocalDate reportDay = day == null ? latest : day;
                if (reportDay.isBefore(first) || reportDay.isAfter(latest)) {
                    err.println("stocktake todo: --day " + reportDay + " is outside the report days in " + data + " ("
                            + first + " to " + latest + ")");
                    return ExitCodes.USAGE;
                }
                QueryResult result = athena.execute("stocktake todo", sql(reportDay, owner));
                if (result.rows().isEmpty()) {
                    err.println(owner == null ? "Nothing to do on " + reportDay + ": owner_todo has no IAM user to remove or migrate."
                            : "Nothing to do for " + owner + " on " + reportDay + " (owner_todo names no such owner that day; "
                                    + "owners: " + owners(athena, reportDay) + ").");
                } else if (resultFormat == ResultFormat.TABLE) {
                    long users = result.rows().stream().mapToLong(row -> (Long) row.get(COLUMNS.indexOf("users"))).sum();
                    long owners = result.rows().stream().map(row -> row.get(0)).distinct().count();
                    out.printf("To do on %s: %d IAM user%s of %d owner%s (owner_todo)%n", reportDay, users, users == 1 ? "" : "s",
                            owners, owners == 1 ? "" : "s");
                }
                if (!result.rows().isEmpty() || resultFormat != ResultFormat.TABLE) {
                    resultFormat.write(resultFormat == ResultFormat.TABLE ? inWords(result) : result, out);
                }
                out.flush();
                err.print(RejectedReports.warning(athena, "stocktake todo", data, Caches.prepare(env)));
                err.flush();
                return ExitCodes.OK;
            }
        } catch (ReportFolderException | SqlException e) {
            err.println("stocktake todo: " + e.getMessage());
            err.println("--data must be laid out like the bucket: credential-reports/YYYY/MM/DD/<account-name>@<account-id>.csv with "
                    + "identity-center/, iam-details/, accounts/ and the settings beside it (./stocktake demo writes one), or s3://BUCKET/PREFIX.");
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            err.println("stocktake todo: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The to-do of {@code day}, of one owner or all, ordered by owner, account and verdict. */
    static String sql(LocalDate day, String owner) {
        return "select " + String.join(", ", COLUMNS) + "\nfrom owner_todo\nwhere dt = date '" + day + "'"
                + (owner == null ? "" : " and owner = " + literal(owner))
                + "\norder by owner, account_name, account_id, verdict";
    }

    /** The to-do for people: each verdict in words ({@code ready to remove}); csv and json keep the view's codes. */
    static QueryResult inWords(QueryResult result) {
        int verdict = COLUMNS.indexOf("verdict");
        List<List<Object>> rows = result.rows().stream().map(row -> {
            List<Object> words = new ArrayList<>(row);
            words.set(verdict, MigrationWords.verdict((String) row.get(verdict)));
            return words;
        }).toList();
        return new QueryResult(result.columns(), result.types(), rows, result.physicalInputBytes(), result.scanSplits(),
                result.elapsedMillis());
    }

    /** {@code text} as an SQL string literal (quotes doubled): owner names come from tags anyone could set. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String owners(LocalAthena athena, LocalDate day) {
        List<String> owners = athena.execute("stocktake todo", "select distinct owner from owner_todo where dt = date '" + day
                + "' order by owner").rows().stream().map(row -> (String) row.getFirst()).toList();
        return owners.isEmpty() ? "none" : String.join(", ", owners);
    }
}
