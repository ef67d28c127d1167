package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import dev.stocktake.cli.remediate.Execution;
import dev.stocktake.cli.remediate.PlanCommand;
import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.CentralBucket;
import dev.stocktake.remediation.Guards;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanFile;
import dev.stocktake.remediation.Remediation;
import dev.stocktake.remediation.Remediator;
import dev.stocktake.remediation.UndoTarget;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where the demo's operator runs {@code stocktake remediate}: the remediation module's code in-process against the
 * emulator, with the demo's simulated clock and the journal in the demo's bucket. Every command and what it prints go
 * to the transcript ({@value #TRANSCRIPT}), the plans beside it in {@code folder}.
 */
final class RemediationDesk {

    static final String TRANSCRIPT = "transcript.txt";

    private final DemoBucket bucket;
    private final URI emulator;
    private final Path folder;
    private final SimulatedClock clock = new SimulatedClock();
    private final StringWriter transcript = new StringWriter();
    private final PrintWriter log = new PrintWriter(transcript, true);

    RemediationDesk(DemoBucket bucket, URI emulator, Path folder) {
        this.bucket = bucket;
        this.emulator = emulator;
        this.folder = folder;
    }

    /** The demo's time as the commands see it. */
    SimulatedClock clock() {
        return clock;
    }

    /** The transcript: what the operator types and the commands print. */
    PrintWriter log() {
        return log;
    }

    String bucketName() {
        return bucket.name();
    }

    /** The operator's clients, assuming the remediation role in the emulator's accounts. */
    AccountClients clients(String session) {
        return new AccountClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), emulator,
                Remediation.DEFAULT_ROLE_NAME, session);
    }

    Journal journal() {
        return new Journal(bucket.s3(), bucket.name(), "", null);
    }

    /** Writes the plan beside the transcript and says what {@code stocktake remediate plan} says of it; its file name. */
    String save(Plan made, String name) {
        try {
            Files.createDirectories(folder);
            PlanFile.write(made, folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(name) + ": " + e.getMessage(), e);
        }
        PlanCommand.describe(log, made, name);
        return name;
    }

    /** {@code stocktake remediate apply}, with its guards (a plan at most 7 days old). */
    Remediator.Result apply(Plan run, boolean execute) {
        try (AccountClients clients = clients("stocktake-" + run.planId())) {
            CentralBucket.Directory directory = CentralBucket.latestDirectory(bucket.s3(), bucket.name(), "");
            Guards guards = new Guards(7, directory.activeAccounts(), directory.day(),
                    CentralBucket.allowlist(bucket.s3(), bucket.name(), ""), clock);
            Remediator.Result result = new Remediator(clients, journal(), guards, clock, log, execute).apply(run);
            Execution.summarize(log, Execution.APPLY, execute, result);
            return result;
        }
    }

    /** {@code stocktake remediate undo <plan id>/<step id> --execute}: one action, read from the journal. */
    Remediator.Result undo(String planId, String stepId) {
        log.printf("$ stocktake remediate undo %s/%s --bucket s3://%s --execute%n", planId, stepId, bucket.name());
        Journal journal = journal();
        Plan fromJournal = UndoTarget.fromJournal(journal, planId, stepId);
        try (AccountClients clients = clients("stocktake-undo-" + planId)) {
            Guards none = new Guards(Integer.MAX_VALUE, Set.of(), null, null, clock);
            Remediator.Result result = new Remediator(clients, journal, none, clock, log, true).undo(fromJournal, stepId);
            Execution.summarize(log, Execution.UNDO, true, result);
            return result;
        }
    }

    /** Copies every journal record of the bucket beside the reports; the number of records. */
    int mirrorJournal() {
        int records = 0;
        for (S3Object object : bucket.s3().listObjectsV2Paginator(r -> r.bucket(bucket.name()).prefix(Remediation.JOURNAL_PREFIX)).contents()) {
            bucket.mirror(object.key());
            records++;
        }
        return records;
    }

    /** Writes the transcript beside the plans; its file. */
    Path writeTranscript() {
        Path file = folder.resolve(TRANSCRIPT);
        try {
            Files.createDirectories(folder);
            Files.writeString(file, "# What stocktake remediate did in this demo (in-process, with the demo's clock; plans beside "
                    + "this file, the journal in reports/remediation/)\n" + transcript);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
