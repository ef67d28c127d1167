package dev.stocktake.notifier.alert;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.stocktake.collector.logging.JsonLog;
import dev.stocktake.collector.retry.Backoff;
import dev.stocktake.collector.retry.Sleeper;
import dev.stocktake.notifier.slack.SlackWebhook;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Builds an {@link AlertProcessor} and its AWS clients once per Lambda container: one URL-connection HTTP client,
 * standard retries with short attempt timeouts (an alert is due within a minute), and the endpoint override when
 * {@code AWS_ENDPOINT_URL} names the local emulator.
 */
public final class AlertFactory {

    private AlertFactory() {
    }

    /** The Lambda's processor: environment configuration, default credentials and region, logs to stdout. */
    public static AlertProcessor fromEnvironment() {
        return create(AlertConfig.fromEnv(System.getenv()), DefaultCredentialsProvider.builder().build(), null,
                new JsonLog(System.out, "stocktake-alerts"), Clock.systemUTC(), Sleeper.REAL, RandomGenerator.getDefault(),
                SlackWebhook.defaultHttpClient());
    }

    /**
     * @param region the region of every call, or {@code null} for the SDK's default chain (falling back to us-east-1)
     * @param http   the client for the Slack webhook
     */
    public static AlertProcessor create(AlertConfig config, AwsCredentialsProvider credentials, Region region, JsonLog log,
                                        Clock clock, Sleeper sleeper, RandomGenerator random, HttpClient http) {
        Region home = region != null ? region : defaultRegion();
        SdkHttpClient sdkHttp = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(Duration.ofSeconds(10))
                .build();
        S3Client s3 = configure(S3Client.builder(), config, credentials, home, sdkHttp, overrides)
                .forcePathStyle(config.endpointOverride() != null).build();
        DynamoDbClient dynamo = configure(DynamoDbClient.builder(), config, credentials, home, sdkHttp, overrides).build();
        SlackWebhook slack = config.slackEnabled()
                ? new SlackWebhook(configure(SecretsManagerClient.builder(), config, credentials, home, sdkHttp, overrides).build(),
                config.slackWebhookSecretArn(), http, Backoff.DEFAULT, sleeper, random)
                : null;
        AlertEmail email = config.emailEnabled()
                ? new AlertEmail(configure(SesV2Client.builder(), config, credentials, home, sdkHttp, overrides).build(),
                config.sender(), config.recipients(), config.sesConfigurationSet())
                : null;
        return new AlertProcessor(new AccountNames(s3, config.reportBucket(), config.directoryPrefix(), config.timeZone()),
                new AllowlistSource(s3, config.reportBucket(), config.allowlistKey()),
                new SentEvents(dynamo, config.dedupeTable()), slack, email, config.burstWindow(), config.burstMaxItems(),
                config.timeZone(), log, clock);
    }

    private static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, AlertConfig config, AwsCredentialsProvider credentials, Region region, SdkHttpClient http,
            ClientOverrideConfiguration overrides) {
        builder.httpClient(http);
        builder.credentialsProvider(credentials).region(region).overrideConfiguration(overrides);
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        return builder;
    }

    private static Region defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
