package dev.stocktake.collector;

import dev.stocktake.support.aws.AwsClientDefaults;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Properties;
import java.util.random.RandomGenerator;

import dev.stocktake.collector.account.AccountIds;
import dev.stocktake.collector.account.AccountNameResolver;
import dev.stocktake.collector.details.IamDetailsReader;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.collector.report.CredentialReportFetcher;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.collector.storage.ReportStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds a {@link Collector} and its AWS clients once (per Lambda container, before SnapStart's
 * snapshot): one URL-connection HTTP client shared by all, standard retries, and the endpoint
 * override when {@code AWS_ENDPOINT_URL} names the local emulator.
 */
public final class CollectorFactory {

    private CollectorFactory() {
    }

    /** The Lambda's collector: environment configuration, default credentials and region. */
    public static Collector fromEnvironment() {
        return create(CollectorConfig.fromEnv(System.getenv()), DefaultCredentialsProvider.builder().build(), null,
                new JsonLog(System.out));
    }

    /**
     * @param credentials the collector's own credentials (the member account's)
     * @param region the region of STS and S3 calls, or {@code null} for the SDK's default chain
     *     ({@code AWS_REGION}, profile), falling back to us-east-1
     */
    public static Collector create(CollectorConfig config, AwsCredentialsProvider credentials, Region region, JsonLog log) {
        return create(config, credentials, region, log, Clock.systemUTC(), Sleeper.REAL, RandomGenerator.getDefault());
    }

    /** As above, with the time source, the way to wait and the jitter's randomness given (tests, simulations). */
    public static Collector create(CollectorConfig config, AwsCredentialsProvider credentials, Region region, JsonLog log,
                                   Clock clock, Sleeper sleeper, RandomGenerator random) {
        return create(config, credentials, region, log, clock, sleeper, random, AwsClientDefaults.httpClient(),
                AwsClientDefaults.overrides());
    }

    /** As above, with the HTTP client and client overrides given (the offline priming run). */
    static Collector create(CollectorConfig config, AwsCredentialsProvider credentials, Region region, JsonLog log,
                            Clock clock, Sleeper sleeper, RandomGenerator random, SdkHttpClient http,
                            ClientOverrideConfiguration overrides) {
        Region home = region != null ? region : AwsClientDefaults.defaultRegion();

        var iam = IamClient.builder().httpClient(http).credentialsProvider(credentials).overrideConfiguration(overrides)
                .region(config.endpointOverride() == null ? Region.AWS_GLOBAL : Region.US_EAST_1);
        var sts = StsClient.builder().httpClient(http).credentialsProvider(credentials).overrideConfiguration(overrides)
                .region(home);
        // Organizations answers in one region per partition; its credentials come with each request.
        var organizations = OrganizationsClient.builder().httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(overrides).region(organizationsRegion(config.managementRoleArn()));
        var s3 = S3Client.builder().httpClient(http).credentialsProvider(credentials).overrideConfiguration(overrides)
                .region(home).crossRegionAccessEnabled(true);
        if (config.endpointOverride() != null) {
            iam.endpointOverride(config.endpointOverride());
            sts.endpointOverride(config.endpointOverride());
            organizations.endpointOverride(config.endpointOverride());
            s3.endpointOverride(config.endpointOverride()).forcePathStyle(true).crossRegionAccessEnabled(false);
        }
        StsClient stsClient = sts.build();
        IamClient iamClient = iam.build();
        return new Collector(
                new CredentialReportFetcher(iamClient),
                new AccountNameResolver(organizations.build(), stsClient, config.managementRoleArn()),
                new ReportStore(s3.build(), config.reportBucket(), config.reportPrefix(), config.reportTimeZone(),
                        config.kmsKeyArn(), version(), config.retention()),
                stsClient, log, clock, sleeper, random, Backoff.DEFAULT,
                new IamDetailsReader(iamClient), config.detailsPrefix());
    }

    static Region organizationsRegion(String managementRoleArn) {
        return switch (AccountIds.partitionOf(managementRoleArn)) {
            case "aws-cn" -> Region.CN_NORTHWEST_1;
            case "aws-us-gov" -> Region.US_GOV_WEST_1;
            default -> Region.US_EAST_1;
        };
    }

    /** The collector's version, stamped into every object's metadata. */
    public static String version() {
        try (InputStream in = CollectorFactory.class.getResourceAsStream("collector.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

}
