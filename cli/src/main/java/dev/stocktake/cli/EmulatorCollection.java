package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

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
import dev.stocktake.emulator.EmulatorUnavailableException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code stocktake collect --emulator}: a local organization in the AWS emulator, collected by
 * the real collector acting as each member account, and the bucket copied to a local folder.
 */
final class EmulatorCollection {

    static final String BUCKET = "stocktake-reports";
    static final String ORG_READ_ROLE = "arn:aws:iam::" + Emulator.DEFAULT_ACCOUNT_ID + ":role/stocktake-org-read";

    /** A small organization: two accounts share a name, names have spaces, '/' and '#'. */
    static final List<Map.Entry<String, List<UserSpec>>> SEED = List.of(
            Map.entry("payments-prd", List.of(UserSpec.console("alice", true), UserSpec.console("bob", false),
                    UserSpec.keysOnly("deploy-bot", 2))),
            Map.entry("payments-prd", List.of(UserSpec.console("carol", true), UserSpec.keysOnly("legacy-etl", 1))),
            Map.entry("data platform/stg", List.of(UserSpec.console("dave", false),
                    new UserSpec("etl+batch@data", "/services/", false, false, 1))),
            Map.entry("sandbox #3", List.of(UserSpec.console("erin", false))));

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final JsonLog log;

    EmulatorCollection(Map<String, String> env, PrintWriter out, PrintWriter err, JsonLog log) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.log = log;
    }

    int run(String bucketFlag, String prefixFlag, String timeZone, Path folder, Duration timeout) {
        String bucket = bucketFlag == null ? BUCKET : bucketFlag;
        ZoneId zone;
        CollectorConfig template;
        try {
            zone = CollectorConfig.fromEnv(Map.of(CollectorConfig.REPORT_BUCKET, bucket,
                    CollectorConfig.MANAGEMENT_ROLE_ARN, ORG_READ_ROLE,
                    CollectorConfig.REPORT_TIME_ZONE, timeZone == null ? "UTC" : timeZone)).reportTimeZone();
            template = new CollectorConfig(bucket, CollectCommand.defaultPrefix(prefixFlag), ORG_READ_ROLE, zone, null, null);
        } catch (IllegalArgumentException e) {
            err.println("stocktake collect: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Emulator emulator;
        try {
            out.println("Starting the local AWS emulator...");
            out.flush();
            emulator = Emulator.connect(env);
        } catch (EmulatorUnavailableException e) {
            err.println("stocktake collect --emulator: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (emulator) {
            out.println("AWS emulator: " + emulator.description());
            CollectorConfig config = new CollectorConfig(template.reportBucket(), template.reportPrefix(),
                    template.managementRoleArn(), template.reportTimeZone(), null, emulator.endpoint());
            EmulatorOrganization org = EmulatorOrganization.create(emulator.endpoint());
            createBucket(org, bucket);
            List<MemberAccount> accounts = new ArrayList<>();
            for (var seed : SEED) {
                MemberAccount account = org.createAccount(seed.getKey());
                org.createUsers(account.id(), seed.getValue());
                accounts.add(account);
            }
            out.printf("Seeded organization %s: %d member accounts, %d IAM users; central bucket s3://%s%n%n",
                    org.organizationId(), accounts.size(), SEED.stream().mapToInt(s -> s.getValue().size()).sum(), bucket);
            int failures = 0;
            for (MemberAccount account : accounts) {
                var collector = CollectorFactory.create(config, org.credentialsFor(account.id()), Region.US_EAST_1, log,
                        Clock.systemUTC(), Sleeper.REAL, RandomGenerator.getDefault());
                try {
                    CollectionResult result = collector.collect(null, Deadline.after(Clock.systemUTC(), timeout));
                    CollectCommand.printResult(out, result);
                } catch (CollectionException e) {
                    failures++;
                    err.println("stocktake collect: " + e.getMessage());
                }
            }
            Path copied = mirror(org, bucket, config.reportPrefix(), folder);
            out.printf("%nReports copied to %s (laid out like the bucket: %sYYYY/MM/DD/<account-name>@<account-id>.csv)%n",
                    copied, config.reportPrefix());
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("stocktake collect: cannot write the reports to " + folder.toAbsolutePath() + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static void createBucket(EmulatorOrganization org, String bucket) {
        try {
            org.createBucket(bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            // a reused emulator already has it
        }
    }

    /** Copies every report object under {@code prefix} to {@code folder}, keeping the key layout. */
    static Path mirror(EmulatorOrganization org, String bucket, String prefix, Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        try (S3Client s3 = org.s3()) {
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
                for (S3Object object : page.contents()) {
                    Path target = root.resolve(object.key()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("refusing to write outside " + root + ": key " + object.key());
                    }
                    Files.createDirectories(target.getParent());
                    Files.write(target, s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray());
                }
            }
        }
        return root.resolve(prefix.isEmpty() ? "" : prefix);
    }

}
