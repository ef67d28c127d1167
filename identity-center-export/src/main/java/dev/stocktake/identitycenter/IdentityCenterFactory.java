package dev.stocktake.identitycenter;

import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Builds the exporter and its clients once per container. */
public final class IdentityCenterFactory {

    private IdentityCenterFactory() {
    }

    /**
     * @param region the Region of the Identity Center instance (the Lambda runs there: its {@code AWS_REGION}); the
     *     bucket may be in another Region
     */
    public static IdentityCenterExporter create(IdentityCenterConfig config, AwsCredentialsProvider credentials, Region region,
                                                JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random) {
        SdkHttpClient http = AwsClientDefaults.httpClient();
        ClientOverrideConfiguration overrides = AwsClientDefaults.overrides();
        SsoAdminClient ssoAdmin = AwsClientDefaults.configure(SsoAdminClient.builder(), credentials, region,
                config.endpointOverride(), http, overrides).build();
        IdentitystoreClient identityStore = AwsClientDefaults.configure(IdentitystoreClient.builder(), credentials, region,
                config.endpointOverride(), http, overrides).build();
        var s3 = S3Client.builder().httpClient(http).credentialsProvider(credentials).overrideConfiguration(overrides)
                .region(region).crossRegionAccessEnabled(true);
        if (config.endpointOverride() != null) {
            s3.endpointOverride(config.endpointOverride()).forcePathStyle(true).crossRegionAccessEnabled(false);
        }
        return new IdentityCenterExporter(ssoAdmin, identityStore, s3.build(), config, log, clock, sleeper, random);
    }
}
