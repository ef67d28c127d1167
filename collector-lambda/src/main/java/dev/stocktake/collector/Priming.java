package dev.stocktake.collector;

import dev.stocktake.support.aws.AwsClientDefaults;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Primes the JVM before SnapStart takes its snapshot: one whole collection, run offline with
 * throwaway clients (the same configuration, endpoints and code path as the real ones, but an
 * HTTP client that answers from memory), so the snapshot holds the classes, their static state
 * and compiled code of every step. No AWS call is made and nothing is written; the real clients,
 * their credentials and connections are untouched. A restored function then starts from a
 * collector that has already run once.
 */
final class Priming {

    private Priming() {
    }

    /**
     * Runs the offline collection and logs one line saying so.
     *
     * @throws IllegalStateException when the offline run fails: a bug in the collector or its
     *     priming, reported before the snapshot rather than hidden in it
     */
    static void run(CollectorConfig config, JsonLog log, Clock clock) {
        Instant start = clock.instant();
        List<String> operations = dryRun(config, new OfflineHttpClient(), clock);
        log.info(clock.instant(), "collector primed for the SnapStart snapshot (offline run, no AWS calls)",
                Map.of("operations", String.join(",", operations), "durationMs", Duration.between(start, clock.instant()).toMillis()));
    }

    /** The operations the offline collection answered, in order. */
    static List<String> dryRun(CollectorConfig config, OfflineHttpClient http, Clock clock) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPRIMINGPRIMING00", "priming"));
        var silent = new JsonLog(new PrintStream(OutputStream.nullOutputStream()));
        Sleeper noWaits = duration -> {
            throw new IllegalStateException("The offline priming run was asked to wait " + duration + ": a canned answer is wrong");
        };
        // The throwaway clients' attempt timeouts run on this executor, shut down with them.
        ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("stocktake-priming-timeouts").factory());
        try {
            Collector collector = CollectorFactory.create(config, credentials, null, silent, clock, noWaits, new Random(1), http,
                    AwsClientDefaults.overrides().toBuilder().scheduledExecutorService(timeouts).build());
            CollectionResult result = collector.collect("000000000000", Deadline.after(clock, Duration.ofMinutes(1)));
            if (!OfflineHttpClient.ACCOUNT_NAME.equals(result.accountName().name())) {
                throw new IllegalStateException("The offline priming run filed its report under '" + result.accountName().name()
                        + "' (" + result.accountName().fallbackReason() + "): the account name step did not run as in a real collection");
            }
            if (config.detailsPrefix() != null && !result.detailsWritten()) {
                throw new IllegalStateException("The offline priming run did not write its IAM details file: " + result.details());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("Priming the collector before the SnapStart snapshot failed: " + e.getMessage(), e);
        } finally {
            timeouts.shutdownNow();
        }
        return http.operations();
    }
}
