package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.cli.demo.Previews;
import dev.stocktake.dashboard.DashboardData;
import dev.stocktake.dashboard.DashboardFiles;
import dev.stocktake.dashboard.MigrationData;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.SqlException;

/** {@code stocktake report}: the dashboard from any data laid out like the bucket. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {
                "Renders the dashboard, the data it shows and previews of the notifier's messages from credential reports.",
                "The dashboard is one self-contained HTML file that works offline; the previews are the email digest "
                        + "and the Slack post. --data is a folder laid out like the bucket, "
                        + "DIR/YYYY/MM/DD/<account-name>@<account-id>.csv (or DIR/credential-reports/...), e.g. a bucket "
                        + "copied with `aws s3 sync`, or s3://bucket/prefix/ read with the current AWS credentials "
                        + "(AWS_ENDPOINT_URL selects the emulator).",
                "Every figure comes from the shipped Athena views, run on an embedded Trino."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake report --data stocktake-demo/reports",
                "      The demo's data; open stocktake-report/dashboard.html.",
                "  AWS_PROFILE=audit ./stocktake report \\",
                "      --data s3://stocktake-reports-111122223333/ --out today",
                "      Straight from the central bucket, into the folder today/."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the dashboard was written", "1:the data could not be read (the message says why)", "2:bad flags, or no usable AWS credentials for an s3:// --data"})
final class ReportCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR|s3://BUCKET/PREFIX", required = true,
            description = "Folder laid out like the bucket, or an S3 location.")
    String data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stocktake-report",
            description = "Folder to write dashboard.html, data/ and the previews into (default ${DEFAULT-VALUE}).")
    Path out;

    ReportCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String credentials = AwsCredentialsCheck.forS3(env, data);
        if (credentials != null) {
            stderr.println("stocktake report: " + credentials);
            return ExitCodes.USAGE;
        }
        try (DataFolder dataFolder = DataFolder.open(data, env)) {
            if (dataFolder.fromS3()) {
                stdout.printf("Copied %d report file(s) from %s%n", dataFolder.copiedFiles(), data);
                stdout.println("  with " + dataFolder.companions());
            }
            stdout.println("Running the shipped views on the embedded Trino (Athena engine v3)...");
            stdout.flush();
            DashboardFiles.Written written;
            Previews.Written previews;
            String rejected;
            try (LocalAthena athena = LocalAthena.start(dataFolder.folder())) {
                written = DashboardFiles.write(athena, out);
                previews = Previews.write(athena, written.data(), written.dashboard().getParent());
                rejected = RejectedReports.warning(athena, "stocktake report", data, Caches.prepare(env));
            }
            var goal = written.data().goal();
            var next = written.data().migration().next();
            stdout.printf("Report days %s to %s: %d console-capable IAM users today, %d on %s (%.1f %% fewer; %s).%n",
                    written.data().firstDay(), written.data().latestDay(), goal.currentConsoleUsers(),
                    goal.baselineConsoleUsers(), goal.baselineDay(), goal.reductionSoFar() * 100,
                    next == null ? "no milestone configured" : "next milestone: at most " + next.maxConsoleUsers() + " by " + next.day()
                            + ", " + MigrationWords.milestoneStatus(next.status()));
            stdout.print(migration(written.data()));
            DashboardData.Coverage coverage = written.data().coverage();
            if (coverage == null) {
                stdout.println("Coverage unknown: no account directory export (accounts/YYYY/MM/DD/accounts.csv) beside the reports.");
            } else {
                List<DashboardData.MissingAccount> missing = written.data().missingToday();
                stdout.printf("Accounts reporting on %s: %d of %d expected%s%n", coverage.day(), coverage.reportedAccounts(),
                        coverage.expectedAccounts(), missing.isEmpty() ? "." : "; missing: " + String.join(", ",
                                missing.stream().map(m -> m.accountName() + " (" + m.accountId() + ")").toList()));
            }
            stdout.println("Wrote " + written.dashboard());
            stdout.println("  and " + written.dataFolder() + "/ (the data, CSV + SQL); what the notifier would send: "
                    + previews.email().getFileName() + ", " + previews.emailText().getFileName() + ", "
                    + previews.attachment().getFileName() + ", " + previews.slack().getFileName());
            stdout.flush();
            stderr.print(rejected);
            stderr.flush();
            return ExitCodes.OK;
        } catch (ReportFolderException | SqlException e) {
            stderr.println("stocktake report: " + e.getMessage());
            stderr.println("--data must be a folder of credential reports laid out like the bucket: YYYY/MM/DD/<account-name>@<account-id>.csv "
                    + "(e.g. ./stocktake collect --emulator --out DIR, or aws s3 sync s3://BUCKET/credential-reports/ DIR), "
                    + "or s3://BUCKET/PREFIX.");
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            stderr.println("stocktake report: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Owners named in the report's to-do line; the dashboard lists them all. */
    static final int TOP_OWNERS = 5;

    /**
     * The migration section: the latest day's IAM users per verdict (every verdict, 0 included) and the owners with the
     * most to remove or migrate, as the dashboard shows them ({@code migration_status}, {@code owner_todo}), verdicts in
     * words ({@link MigrationWords}).
     */
    static String migration(DashboardData data) {
        MigrationData migration = data.migration();
        StringBuilder text = new StringBuilder("IAM users by verdict on ").append(data.latestDay()).append(": ")
                .append(String.join(", ", migration.verdicts().stream().map(v -> v.label() + " " + v.users()).toList()))
                .append(" (").append(migration.users()).append(migration.users() == 1 ? " IAM user" : " IAM users")
                .append(").").append(System.lineSeparator());
        List<MigrationData.OwnerTodo> owners = migration.owners();
        if (owners.isEmpty()) {
            text.append("Owners' to-do: nothing to remove or migrate.");
        } else {
            text.append("Owners with the most to do: ").append(String.join("; ", owners.stream().limit(TOP_OWNERS)
                    .map(o -> o.owner() + " " + o.users() + " (" + String.join(", ", o.verdicts().entrySet().stream()
                            .map(e -> MigrationWords.verdict(e.getKey()) + " " + e.getValue()).toList()) + ")").toList()));
            if (owners.size() > TOP_OWNERS) {
                text.append("; and ").append(owners.size() - TOP_OWNERS).append(" more owners (dashboard.html lists them all)");
            }
            text.append('.');
        }
        return text.append(System.lineSeparator()).toString();
    }
}
