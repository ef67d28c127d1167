package dev.stocktake.cli.remediate;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.Remediation;
import dev.stocktake.support.storage.ObjectLockRetention;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The operator's options every remediate command shares, and the clients they make. */
final class Operator {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Something was refused (the message says what and why); everything else ran. */
    static final int REFUSED = 3;

    private static final Pattern BUCKET = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*))?");

    @Option(names = "--role-name", paramLabel = "ROLE", defaultValue = Remediation.DEFAULT_ROLE_NAME,
            description = "The remediation role assumed in each account (default ${DEFAULT-VALUE}).")
    String roleName;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "The AWS profile of the operator's own credentials (default: the default credential chain).")
    String profile;

    /** The operator's credentials. On the emulator (AWS_ENDPOINT_URL) without keys or a profile: any key. */
    AwsCredentialsProvider credentials(Map<String, String> env) {
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        if (endpoint(env) != null && !env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE")) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static URI endpoint(Map<String, String> env) {
        String endpoint = env.get("AWS_ENDPOINT_URL");
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    }

    AccountClients accounts(Map<String, String> env, String sessionName) {
        return new AccountClients(credentials(env), endpoint(env), roleName, sessionName);
    }

    S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials(env))
                .region(Region.of(env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"))));
        URI endpoint = endpoint(env);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    /** {@code s3://bucket[/prefix]}: the bucket and its prefix ending in {@code /} (or empty). */
    record BucketLocation(String bucket, String prefix) {
        static BucketLocation parse(String option, String value) {
            Matcher m = BUCKET.matcher(value == null ? "" : value);
            if (!m.matches()) {
                throw new IllegalArgumentException(option + " must be s3://BUCKET or s3://BUCKET/PREFIX/ (the central report "
                        + "bucket, which holds accounts/, allowlist/ and the journal remediation/), got: " + value);
            }
            String prefix = m.group(2) == null ? "" : m.group(2);
            return new BucketLocation(m.group(1), prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
        }
    }

    static Journal journal(S3Client s3, BucketLocation location, String lockMode, Integer lockDays) {
        Map<String, String> lock = new java.util.HashMap<>();
        if (lockMode != null) {
            lock.put("--lock-mode", lockMode);
        }
        if (lockDays != null) {
            lock.put("--lock-days", lockDays.toString());
        }
        ObjectLockRetention retention = ObjectLockRetention.fromEnv(lock, "--lock-mode", "--lock-days", "each journal record");
        return new Journal(s3, location.bucket(), location.prefix(), retention);
    }

    static void quietLoggingOfLibraries() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }
}
