package dev.stocktake.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.cli.demo.Demo;
import dev.stocktake.emulator.EmulatorUnavailableException;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.SqlException;

/** {@code stocktake demo}: the whole pipeline on this machine, from a seeded organization to the dashboard. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Plays a migration to SSO in a local organization and shows it on the dashboard.",
                "Starts the local AWS emulator (or uses AWS_ENDPOINT_URL), seeds about 50 accounts and 330 IAM users, "
                        + "and for each of 60 days changes them as a migration would (console passwords disabled first, "
                        + "unused users deleted, access keys removed last, a few new users) and runs the real collector "
                        + "as every account, dated that day. Then runs the shipped views on the embedded Trino and writes "
                        + "the dashboard, its data and the email and Slack previews.",
                "On the way, stocktake remediate (its real code, with the demo's clock) quarantines the ready_to_remove "
                        + "users of three accounts, undoes one, and after a watch window deletes the quiet ones and refuses "
                        + "one used since (12 days or more; remediation/ holds the plans and what the commands printed).",
                "Creation and last-used times in the reports come from the simulation (the emulator never records use)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake demo",
                "      Play 60 days; open stocktake-demo/dashboard.html.",
                "  ./stocktake demo --accounts 5 --days 10 --out /tmp/small-demo",
                "      A quick, small run.",
                "  ./stocktake todo",
                "      Then: each owner's to-do list on the demo's last day."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the demo ran and the dashboard was written", "1:something failed (the message says what)",
                "2:bad flags"})
final class DemoCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stocktake-demo",
            description = "Folder for the dashboard, its data, the previews and the collected reports (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "50", description = "Member accounts (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--days", paramLabel = "N", defaultValue = "60", description = "Report days to play (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--last-day", paramLabel = "YYYY-MM-DD", description = "The last report day (default: today, UTC).")
    LocalDate lastDay;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "5", description = "Seed of the simulated organization (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8", description = "Accounts collected at once (default ${DEFAULT-VALUE}).")
    int threads;

    DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Demo.Options options;
        try {
            options = new Demo.Options(accounts, days, lastDay == null ? LocalDate.now(ZoneOffset.UTC) : lastDay, seed,
                    threads, out);
        } catch (IllegalArgumentException e) {
            stderr.println("stocktake demo: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            Demo.Outcome outcome = new Demo(env, stdout, stderr).run(options);
            stdout.println();
            stdout.println("Open " + outcome.written().dashboard());
            stdout.flush();
            return outcome.failures() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (EmulatorUnavailableException | ReportFolderException | SqlException e) {
            stderr.println("stocktake demo: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            stderr.println("stocktake demo: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
