package dev.stocktake.notifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.notifier.email.DigestEmail;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.idempotency.DeliveryMarkers;
import dev.stocktake.notifier.owner.OwnerDigestConfig;
import dev.stocktake.notifier.owner.OwnerDigests;
import dev.stocktake.notifier.slack.SlackWebhook;
import dev.stocktake.notifier.snapshot.DashboardSnapshots;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Builds a {@link Notifier} and its AWS clients once per Lambda container: one URL-connection HTTP client shared by
 * all, standard retries, and the endpoint override when {@code AWS_ENDPOINT_URL} names the local emulator.
 */
public final class NotifierFactory {

    private NotifierFactory() {
    }

    /** The Lambda's notifier: environment configuration, default credentials and region, logs to stdout. */
    public static Notifier fromEnvironment() {
        return create(NotifierConfig.fromEnv(System.getenv()), OwnerDigestConfig.fromEnv(System.getenv()),
                DefaultCredentialsProvider.builder().build(), null,
                new JsonLog(System.out, "stocktake-notifier"), Clock.systemUTC(), Sleeper.REAL, RandomGenerator.getDefault(),
                SlackWebhook.defaultHttpClient());
    }

    /**
     * @param region the region of every call, or {@code null} for the SDK's default chain (falling back to us-east-1)
     * @param http   the client for the Slack webhook and the snapshot download
     */
    public static Notifier create(NotifierConfig config, AwsCredentialsProvider credentials, Region region, JsonLog log,
                                  Clock clock, Sleeper sleeper, RandomGenerator random, HttpClient http) {
        return create(config, null, credentials, region, log, clock, sleeper, random, http);
    }

    /**
     * @param owners the owner digests' configuration, or {@code null} when they are off
     */
    public static Notifier create(NotifierConfig config, OwnerDigestConfig owners, AwsCredentialsProvider credentials,
                                  Region region, JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random,
                                  HttpClient http) {
        Region home = region != null ? region : AwsClientDefaults.defaultRegion();
        SdkHttpClient sdkHttp = AwsClientDefaults.httpClient();
        ClientOverrideConfiguration overrides = AwsClientDefaults.overrides();
        URI endpoint = config.endpointOverride();
        AthenaClient athena = AwsClientDefaults.configure(AthenaClient.builder(), credentials, home, endpoint, sdkHttp, overrides).build();
        S3Client s3 = AwsClientDefaults.configure(S3Client.builder(), credentials, home, endpoint, sdkHttp, overrides)
                .forcePathStyle(endpoint != null).build();
        SesV2Client ses = config.emailEnabled() || owners != null
                ? AwsClientDefaults.configure(SesV2Client.builder(), credentials, home, endpoint, sdkHttp, overrides).build()
                : null;
        DigestEmail email = config.emailEnabled()
                ? new DigestEmail(new SesMail(ses, config.sender(), config.recipients(), config.sesConfigurationSet()))
                : null;
        SlackWebhook slack = config.slackEnabled()
                ? new SlackWebhook(AwsClientDefaults.configure(SecretsManagerClient.builder(), credentials, home, endpoint, sdkHttp, overrides).build(),
                config.slackWebhookSecretArn(), config.slackWebhookHost(), http, Backoff.DEFAULT, sleeper, random)
                : null;
        DashboardSnapshots snapshots = config.snapshotEnabled()
                ? new DashboardSnapshots(AwsClientDefaults.configure(QuickSightClient.builder(), credentials, home, endpoint, sdkHttp, overrides).build(),
                config.quicksightDashboardId(), config.quicksightSheetId(), http, DashboardSnapshots.POLL, sleeper, random)
                : null;
        return new Notifier(
                new AthenaQueries(athena, config.athenaWorkgroup(), config.athenaDatabase(), AthenaQueries.POLL, sleeper, random),
                new DeliveryMarkers(s3, config.reportBucket(), config.markerPrefix()),
                email, slack, snapshots, owners == null ? null : new OwnerDigests(ses, owners), config.reportTimeZone(), log, clock);
    }
}
