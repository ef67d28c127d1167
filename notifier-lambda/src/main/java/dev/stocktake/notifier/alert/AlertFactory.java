package dev.stocktake.notifier.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.slack.SlackWebhook;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
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
        Region home = region != null ? region : AwsClientDefaults.defaultRegion();
        // an alert is due within a minute: shorter timeouts than the daily jobs
        SdkHttpClient sdkHttp = AwsClientDefaults.httpClient(Duration.ofSeconds(3), Duration.ofSeconds(10));
        ClientOverrideConfiguration overrides = AwsClientDefaults.overrides(Duration.ofSeconds(10));
        URI endpoint = config.endpointOverride();
        S3Client s3 = AwsClientDefaults.configure(S3Client.builder(), credentials, home, endpoint, sdkHttp, overrides)
                .forcePathStyle(endpoint != null).build();
        DynamoDbClient dynamo = AwsClientDefaults.configure(DynamoDbClient.builder(), credentials, home, endpoint, sdkHttp, overrides).build();
        SlackWebhook slack = config.slackEnabled()
                ? new SlackWebhook(AwsClientDefaults.configure(SecretsManagerClient.builder(), credentials, home, endpoint, sdkHttp, overrides).build(),
                config.slackWebhookSecretArn(), config.slackWebhookHost(), http, Backoff.DEFAULT, sleeper, random)
                : null;
        AlertEmail email = config.emailEnabled()
                ? new AlertEmail(new SesMail(AwsClientDefaults.configure(SesV2Client.builder(), credentials, home, endpoint, sdkHttp, overrides).build(),
                config.sender(), config.recipients(), config.sesConfigurationSet()))
                : null;
        return new AlertProcessor(new AccountNames(s3, config.reportBucket(), config.directoryPrefix(), config.timeZone()),
                new AllowlistSource(s3, config.reportBucket(), config.allowlistKey()),
                new SentEvents(dynamo, config.dedupeTable()), slack, email, config.burstWindow(), config.burstMaxItems(),
                config.timeZone(), log, clock);
    }
}
