package dev.stocktake.directory;

import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the exporter and its clients once per container. */
public final class DirectoryFactory {

    private DirectoryFactory() {
    }

    public static DirectoryExporter create(DirectoryConfig config, AwsCredentialsProvider credentials, JsonLog log, Clock clock,
                                           Sleeper sleeper, RandomGenerator random) {
        SdkHttpClient http = AwsClientDefaults.httpClient();
        ClientOverrideConfiguration overrides = AwsClientDefaults.overrides();
        var organizations = OrganizationsClient.builder().httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(overrides).region(Region.US_EAST_1);
        var s3 = S3Client.builder().httpClient(http).credentialsProvider(credentials).overrideConfiguration(overrides)
                .region(Region.US_EAST_1).crossRegionAccessEnabled(true);
        if (config.endpointOverride() != null) {
            organizations.endpointOverride(config.endpointOverride());
            s3.endpointOverride(config.endpointOverride()).forcePathStyle(true).crossRegionAccessEnabled(false);
        }
        return new DirectoryExporter(new OrganizationDirectory(organizations.build()), s3.build(), config, log, clock, sleeper, random);
    }
}
