package dev.stocktake.collector.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionResult;
import dev.stocktake.collector.CollectorConfig;
import dev.stocktake.collector.CollectorFactory;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An organization of N accounts collecting through the emulator at once, as the schedule's
 * flexible window spreads them (compressed: each account starts at a random moment of a short
 * window), with faults injected on the way: a share of Organizations calls throttled, some
 * {@code LimitExceeded} on report generation, some S3 5xx. Prints what tells whether collection
 * holds at organization scale: reports lost, wall time, calls per second reaching the management
 * account (every collector's DescribeAccount lands there), retries per account.
 *
 * <p>Run by {@code bench/org-scale.sh}; arguments: accounts, window seconds, throttle share,
 * limit-exceeded share, S3 5xx share.
 */
public final class OrganizationScaleSimulation {

    private static final String BUCKET = "stocktake-scale";
    private static final String ROLE = "arn:aws:iam::123456789012:role/stocktake-org-read";

    private OrganizationScaleSimulation() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int windowSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        double throttled = args.length > 2 ? Double.parseDouble(args[2]) : 0.30;
        double limitExceeded = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
        double s3Errors = args.length > 4 ? Double.parseDouble(args[4]) : 0.05;

        try (Emulator emulator = Emulator.connect(System.getenv());
             FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), 64);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.printf("emulator: %s%n", emulator.description());
            Instant seedStart = Instant.now();
            EmulatorOrganization org = EmulatorOrganization.create(emulator.endpoint());
            org.createBucket(BUCKET);
            List<MemberAccount> members = seed(org, accounts, threads);
            System.out.printf("seeded %d accounts in %d s%n", members.size(), Duration.between(seedStart, Instant.now()).toSeconds());

            Random seeds = new Random(2026);
            proxy.failRandomly("organizations:DescribeAccount", throttled, new Random(seeds.nextLong()), Fault.tooManyRequests());
            proxy.failRandomly("iam:GenerateCredentialReport", limitExceeded, new Random(seeds.nextLong()), Fault.limitExceeded());
            proxy.failRandomly("s3:PutObject", s3Errors, new Random(seeds.nextLong()), Fault.s3InternalError());
            proxy.resetCounts();

            CollectorConfig config = new CollectorConfig(BUCKET, "credential-reports/", ROLE, ZoneId.of("UTC"), null, proxy.endpoint());
            JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()));
            Map<String, CollectionResult> results = new ConcurrentHashMap<>();
            Map<String, String> failures = new ConcurrentHashMap<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peakRunning = new AtomicInteger();
            Instant start = Instant.now();
            List<Future<?>> futures = new ArrayList<>();
            for (MemberAccount member : members) {
                long offsetMillis = (long) (seeds.nextDouble() * windowSeconds * 1000);
                futures.add(threads.submit(() -> {
                    Thread.sleep(offsetMillis);
                    var collector = CollectorFactory.create(config, org.credentialsFor(member.id()), Region.US_EAST_1, quiet,
                            Clock.systemUTC(), Sleeper.REAL, new Random(member.id().hashCode()));
                    peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        results.put(member.id(), collector.collect(member.id(), Deadline.after(Clock.systemUTC(), Duration.ofMinutes(5))));
                    } catch (CollectionException e) {
                        failures.put(member.id(), e.getMessage());
                    } finally {
                        running.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            Duration wall = Duration.between(start, Instant.now());
            report(members, results, failures, wall, windowSeconds, peakRunning.get(), proxy, org);
        }
    }

    private static List<MemberAccount> seed(EmulatorOrganization org, int accounts, ExecutorService threads) throws Exception {
        List<MemberAccount> members = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < accounts; i++) {
            // Every hundredth name is used twice, as real organizations do.
            String name = String.format("team-%03d-%s", i % 100 == 1 ? i - 1 : i, i % 2 == 0 ? "prd" : "stg");
            members.add(org.createAccount(i % 100 == 1 ? String.format("team-%03d-prd", i - 1) : name));
        }
        List<Future<?>> seeding = new ArrayList<>();
        for (MemberAccount member : members) {
            seeding.add(threads.submit(() -> {
                org.createUsers(member.id(), List.of(UserSpec.console("admin", true), UserSpec.console("dev", false),
                        UserSpec.keysOnly("ci", 1)));
                return null;
            }));
        }
        for (Future<?> future : seeding) {
            future.get();
        }
        return members;
    }

    private static void report(List<MemberAccount> members, Map<String, CollectionResult> results, Map<String, String> failures,
                               Duration wall, int windowSeconds, int peakRunning, FaultInjectingProxy proxy, EmulatorOrganization org) {
        int objects;
        try (S3Client s3 = org.s3()) {
            objects = 0;
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET))) {
                for (S3Object ignored : page.contents()) {
                    objects++;
                }
            }
        }
        List<Integer> retries = results.values().stream().map(CollectionResult::retries).sorted().toList();
        List<Long> durations = results.values().stream().map(r -> r.timings().totalMs()).sorted().toList();
        long fallbacks = results.values().stream().filter(r -> r.accountName().isFallback()).count();
        System.out.printf("%n| figure | value |%n| --- | --- |%n");
        System.out.printf("| accounts | %d |%n", members.size());
        System.out.printf("| reports stored / objects in the bucket | %d / %d |%n", results.size(), objects);
        System.out.printf("| failed collections (reports lost) | %d |%n", failures.size());
        System.out.printf("| filed under the account ID (name lookup gave up) | %d |%n", fallbacks);
        System.out.printf("| wall time (start window %d s) | %.1f s |%n", windowSeconds, wall.toMillis() / 1000.0);
        System.out.printf("| collections running at once, peak | %d |%n", peakRunning);
        System.out.printf("| per-account duration p50 / p95 / max | %d / %d / %d ms |%n",
                pct(durations, 50), pct(durations, 95), durations.isEmpty() ? 0 : durations.getLast());
        System.out.printf("| retries per account mean / p95 / max | %.2f / %d / %d |%n",
                retries.stream().mapToInt(Integer::intValue).average().orElse(0), pct(retries, 95),
                retries.isEmpty() ? 0 : retries.getLast());
        for (String op : List.of("organizations:DescribeAccount", "sts:AssumeRole", "iam:GenerateCredentialReport",
                "iam:GetCredentialReport", "s3:PutObject", "s3:HeadObject")) {
            SortedMap<Long, Integer> perSecond = proxy.callsPerSecond(op);
            int peak = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            double mean = perSecond.isEmpty() ? 0 : (double) proxy.calls(op) / (perSecond.lastKey() - perSecond.firstKey() + 1);
            System.out.printf("| %s calls (faults injected), mean / peak per second | %d (%d), %.1f / %d |%n",
                    op, proxy.calls(op), proxy.faults(op), mean, peak);
        }
        failures.forEach((account, message) -> System.out.printf("FAILED %s: %s%n", account, message));
    }

    private static <T extends Comparable<T>> T pct(List<T> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return null;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

}
