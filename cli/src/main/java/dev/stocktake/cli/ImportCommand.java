package dev.stocktake.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.stocktake.cli.importer.HistoryLocation;
import dev.stocktake.cli.importer.ImportException;
import dev.stocktake.cli.importer.Importer;
import dev.stocktake.cli.importer.Importer.FileResult;
import dev.stocktake.cli.importer.Importer.Outcome;
import dev.stocktake.cli.importer.Importer.Summary;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code stocktake import}: converts a history kept in the seed's layout ({@code YYYY/MM/DD/<account name>.csv}) into
 * Stocktake's ({@code YYYY/MM/DD/<encoded name>@<account id>.csv}).
 */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
                "Converts a history of credential reports kept in the seed's layout into Stocktake's.",
                "The seed's layout is YYYY/MM/DD/<account name>.csv (no account ID; the file name is the raw account "
                        + "name, as that collector wrote it); Stocktake's is YYYY/MM/DD/<percent-encoded name>@<account id>.csv. "
                        + "The account ID is read from the report's own ARNs (every ARN of a file must name the same "
                        + "account); the bytes are copied unchanged. Files already in Stocktake's layout are copied as "
                        + "they are (their ARNs checked the same way).",
                "Nothing is ever overwritten: a target with the same bytes is 'already imported', one with other bytes "
                        + "is a conflict, so a re-run writes nothing twice. S3 locations use the current AWS credentials "
                        + "and region (AWS_ENDPOINT_URL selects the emulator); objects are written with If-None-Match, "
                        + "server-side encryption and the account tag, as the collector writes them. Report contents are "
                        + "never printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every report was imported (or already was); files that are not reports were ignored",
                "1:a file in a report's place could not be imported (skipped with a reason, or a conflict), or --from could not be read",
                "2:bad flags (e.g. --from and --to overlap), or no usable AWS credentials for an s3:// location"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake import --from old-reports --to converted --dry-run",
                "      Say what would be converted, copied or skipped; write nothing.",
                "  ./stocktake import --from s3://old-bucket/reports/ \\",
                "      --to s3://stocktake-reports-111122223333/credential-reports/",
                "      Convert a history kept in S3 straight into the central bucket."})
final class ImportCommand implements Callable<Integer> {

    /** Without --verbose, at most this many failed files are named (on stderr). */
    static final int ERRORS_SHOWN = 20;

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "The history in the seed's layout: the folder or prefix holding the YYYY/ folders.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Where to write Stocktake's layout, e.g. s3://<reports bucket>/credential-reports/. Not inside --from.")
    String to;

    @Option(names = "--dry-run", description = "Read both sides and say what would be done; write nothing.")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"}, description = "List every file with its outcome (and target or reason).")
    boolean verbose;

    @Option(names = "--kms-key-arn", paramLabel = "ARN",
            description = "SSE-KMS key for objects written to S3, as the collectors use (KMS_KEY_ARN); default SSE-S3.")
    String kmsKeyArn;

    ImportCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            HistoryLocation.checkApart(from, to);
        } catch (IllegalArgumentException e) {
            err.println("stocktake import: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String credentials = AwsCredentialsCheck.forS3(env, from, to);
        if (credentials != null) {
            err.println("stocktake import: " + credentials);
            return ExitCodes.USAGE;
        }
        try (HistoryLocation source = HistoryLocation.of(from, env, null);
             HistoryLocation target = HistoryLocation.of(to, env, kmsKeyArn)) {
            Printer printer = new Printer(out, err);
            Summary summary = new Importer(Clock.systemUTC()).run(source, target, dryRun, printer);
            printer.summary(source, target, summary);
            return summary.failed() ? ExitCodes.FAILED : ExitCodes.OK;
        } catch (ImportException | SdkException e) {
            err.println("stocktake import: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (IllegalArgumentException e) {
            err.println("stocktake import: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    /** Per-file lines (with --verbose), progress on stderr, the failed files and the summary. */
    private final class Printer implements Importer.Listener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final List<FileResult> failed = new ArrayList<>();
        private int failedCount;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void file(FileResult result) {
            if (verbose) {
                out.println(line(result));
            } else if (result.outcome().error()) {
                failedCount++;
                if (failed.size() < ERRORS_SHOWN) {
                    failed.add(result);
                }
            }
        }

        @Override
        public void progress(int done, int total, Summary soFar) {
            err.printf("stocktake import: %d of %d files, %d %s, %d already imported, %d skipped or in conflict%n", done, total,
                    soFar.count(Outcome.CONVERTED) + soFar.count(Outcome.COPIED), dryRun ? "to write" : "written",
                    soFar.count(Outcome.ALREADY_IMPORTED), soFar.count(Outcome.SKIPPED) + soFar.count(Outcome.CONFLICT));
            err.flush();
        }

        void summary(HistoryLocation source, HistoryLocation target, Summary summary) {
            if (!failed.isEmpty()) {
                err.println("Not imported:");
                failed.forEach(result -> err.println("  " + line(result)));
                if (failedCount > failed.size()) {
                    err.printf("  and %d more (--verbose lists every file)%n", failedCount - failed.size());
                }
                err.flush();
            }
            out.printf("%s %s into %s: %d file%s%n", dryRun ? "Dry run (nothing written) of importing" : "Imported", source.describe(),
                    target.describe(), summary.files(), summary.files() == 1 ? "" : "s");
            for (Outcome outcome : Outcome.values()) {
                out.printf("  %-52s %d%n", outcome.label(dryRun), summary.count(outcome));
            }
            if (summary.failed()) {
                out.println("Some reports were not imported (listed above, with the reason). Fix or remove them and run"
                        + " the same command again: what is already imported is not written twice.");
            }
            if (summary.files() > 0 && summary.count(Outcome.NOT_A_REPORT) == summary.files()) {
                out.println("No file was in a report's place: --from must be the folder or prefix that holds the YYYY/ folders.");
            }
            out.flush();
        }

        private String line(FileResult result) {
            String label = result.outcome().label(dryRun);
            if (result.reason() == null) {
                return label + ": " + result.source() + (result.target() == null ? "" : " -> " + result.target());
            }
            return label + ": " + result.source() + ": " + result.reason();
        }
    }
}
