package dev.stocktake.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionResult;
import dev.stocktake.collector.Collector;
import dev.stocktake.collector.CollectorConfig;
import dev.stocktake.collector.CollectorFactory;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code stocktake collect}: runs exactly the Lambda's code path once, with the current AWS
 * credentials, or against a freshly seeded local emulator with {@code --emulator}.
 */
@Command(name = "collect",
        mixinStandardHelpOptions = true,
        description = {
                "Collects this account's IAM credential report into the central bucket, exactly as the Lambda does.",
                "Reads the Lambda's variables (REPORT_BUCKET, REPORT_PREFIX, MANAGEMENT_ROLE_ARN, REPORT_TIME_ZONE, "
                        + "KMS_KEY_ARN, AWS_ENDPOINT_URL); flags override them. Uses the current AWS credentials "
                        + "(AWS_PROFILE, after `aws sso login --profile NAME` for an SSO profile); without any it stops "
                        + "at once and says what to do.",
                "With --emulator: starts the local AWS emulator, seeds a small organization and collects every account."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake collect --emulator",
                "      No AWS account needed: a local organization, into stocktake-data/.",
                "  aws sso login --profile audit && export AWS_PROFILE=audit",
                "  ./stocktake collect --bucket stocktake-reports-111122223333 \\",
                "      --management-role-arn arn:aws:iam::111122223333:role/stocktake-org-read",
                "      Collect the account of profile 'audit', as its Lambda would."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report(s) were stored", "1:a collection failed (the message says why; nothing was written)",
                "2:bad flags or configuration, or no usable AWS credentials (the message says the next step)"})
final class CollectCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Central bucket (overrides REPORT_BUCKET).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Key prefix, ending in '/' (overrides REPORT_PREFIX; default credential-reports/).")
    String prefix;

    @Option(names = "--management-role-arn", paramLabel = "ARN",
            description = "Role in the management account allowed organizations:DescribeAccount (overrides MANAGEMENT_ROLE_ARN).")
    String managementRoleArn;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "Zone of the date in the key, e.g. Asia/Tokyo (overrides REPORT_TIME_ZONE; default UTC).")
    String timeZone;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "Give up retrying after this long, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--emulator", description = "Start the local AWS emulator (or use AWS_ENDPOINT_URL), seed a small organization and collect every member account.")
    boolean emulator;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stocktake-data",
            description = "With --emulator: copy the bucket's reports here, laid out like the bucket (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--log-json", description = "Also print the collector's structured JSON log lines (as the Lambda writes them) to stderr.")
    boolean logJson;

    CollectCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        JsonLog log = new JsonLog(logJson ? System.err : new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        if (emulator) {
            return new EmulatorCollection(env, stdout, stderr, log).run(bucket, prefix, timeZone, out, timeout);
        }
        CollectorConfig config;
        try {
            config = CollectorConfig.fromEnv(withFlags(env));
        } catch (IllegalArgumentException e) {
            stderr.println("stocktake collect: " + e.getMessage());
            stderr.println("Set the variable or pass the matching flag; see ./stocktake collect --help.");
            stderr.println("Or try it without AWS: ./stocktake collect --emulator");
            return ExitCodes.USAGE;
        }
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        AwsCredentialsCheck check = new AwsCredentialsCheck(env, "./stocktake collect --emulator");
        String missing = check.problem(credentials);
        if (missing != null) {
            stderr.println("stocktake collect: " + missing);
            return ExitCodes.USAGE;
        }
        Collector collector = CollectorFactory.create(config, credentials, null, log);
        try {
            CollectionResult result = collector.collect(null, Deadline.after(Clock.systemUTC(), timeout));
            printResult(stdout, result);
            return ExitCodes.OK;
        } catch (CollectionException e) {
            if (e.getCause() instanceof SdkException sdk && AwsErrors.isCredentialsProblem(sdk)) {
                stderr.println("stocktake collect: " + check.refused(sdk));
                return ExitCodes.USAGE;
            }
            stderr.println("stocktake collect: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private Map<String, String> withFlags(Map<String, String> base) {
        Map<String, String> merged = new HashMap<>(base);
        if (bucket != null) {
            merged.put(CollectorConfig.REPORT_BUCKET, bucket);
        }
        if (prefix != null) {
            merged.put(CollectorConfig.REPORT_PREFIX, prefix);
        }
        if (managementRoleArn != null) {
            merged.put(CollectorConfig.MANAGEMENT_ROLE_ARN, managementRoleArn);
        }
        if (timeZone != null) {
            merged.put(CollectorConfig.REPORT_TIME_ZONE, timeZone);
        }
        return merged;
    }

    static void printResult(PrintWriter out, CollectionResult result) {
        out.printf("Stored %s%n", result.stored().uri());
        out.printf("  account %s (%s), %d IAM user%s, %d bytes, report generated %s, %s, %d %s, %d ms%n",
                result.accountId(), describeName(result), result.rows(), result.rows() == 1 ? "" : "s", result.bytes(), result.generatedTime(),
                switch (result.stored().outcome()) {
                    case CREATED -> "new today";
                    case REPLACED_OWN -> "replaced this account's earlier report of the day";
                },
                result.retries(), result.retries() == 1 ? "retry" : "retries", result.timings().totalMs());
        if (result.accountName().isFallback()) {
            out.printf("  warning: the account name could not be looked up, so the report is filed under the ID: %s%n",
                    result.accountName().fallbackReason());
        }
    }

    private static String describeName(CollectionResult result) {
        return result.accountName().isFallback() ? "name unknown" : "'" + result.accountName().name() + "'";
    }


    static String defaultPrefix(String value) {
        return value == null ? ReportKeys.DEFAULT_PREFIX : value;
    }
}
