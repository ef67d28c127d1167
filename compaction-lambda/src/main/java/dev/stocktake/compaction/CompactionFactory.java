package dev.stocktake.compaction;

import java.net.URI;
import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.compaction.CompactionSql;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds a {@link CompactionJob} and its AWS clients once per Lambda container: one URL-connection HTTP client shared
 * by Athena and S3, standard retries, and the endpoint override when {@code AWS_ENDPOINT_URL} names the emulator.
 */
public final class CompactionFactory {

    private CompactionFactory() {
    }

    /** The Lambda's job: environment configuration, default credentials and region, logs to stdout. */
    public static CompactionJob fromEnvironment() {
        return create(CompactionConfig.fromEnv(System.getenv()), DefaultCredentialsProvider.builder().build(), null,
                new JsonLog(System.out, "stocktake-compaction"), Clock.systemUTC(), Sleeper.REAL,
                RandomGenerator.getDefault());
    }

    /** @param region the region of every call, or {@code null} for the SDK's default chain (falling back to us-east-1) */
    public static CompactionJob create(CompactionConfig config, AwsCredentialsProvider credentials, Region region,
                                       JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random) {
        Region home = region != null ? region : AwsClientDefaults.defaultRegion();
        SdkHttpClient http = AwsClientDefaults.httpClient();
        ClientOverrideConfiguration overrides = AwsClientDefaults.overrides();
        URI endpoint = config.endpointOverride();
        AthenaClient athena = AwsClientDefaults.configure(AthenaClient.builder(), credentials, home, endpoint, http, overrides).build();
        S3Client s3 = AwsClientDefaults.configure(S3Client.builder(), credentials, home, endpoint, http, overrides)
                .forcePathStyle(endpoint != null).build();
        return new CompactionJob(
                new AthenaQueries(athena, config.athenaWorkgroup(), config.athenaDatabase(), AthenaQueries.POLL, sleeper, random),
                new S3CompactedFiles(s3, config.reportBucket(), config.compactedPrefix()),
                new S3CompactionStateStore(s3, config.reportBucket(), config.stateKey()),
                new S3ReportFiles(s3, config.reportBucket(), config.reportPrefix()),
                shippedView(), config.firstReportDay(), config.settleDays(), log, clock);
    }

    /**
     * {@code report_rows} as shipped in this jar (athena-sql/views/report_rows.sql), sent the way the deployment
     * sends the views: {@code create or replace view ... as} and the query, without the file's leading comments.
     */
    public static String shippedView() {
        SqlFile view = SqlCatalog.shipped().view(CompactionSql.VIEW).orElseThrow(() -> new IllegalStateException(
                "the jar holds no " + CompactionSql.VIEW + " view (athena-sql/views/" + CompactionSql.VIEW + ".sql): "
                        + "rebuild it with athena-sql"));
        return "create or replace view " + CompactionSql.VIEW + " as\n" + view.viewQuery();
    }
}
