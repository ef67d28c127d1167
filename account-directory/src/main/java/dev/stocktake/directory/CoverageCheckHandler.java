package dev.stocktake.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.stocktake.directory.coverage.Coverage;
import dev.stocktake.directory.coverage.CoverageCheck;
import dev.stocktake.directory.coverage.CoverageConfig;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * The daily coverage check in the central account ({@code dev.stocktake.directory.CoverageCheckHandler::handleRequest}):
 * yesterday's {@code coverage} row from Athena, published as the {@code CoveragePercent} metric the coverage alarm
 * watches. The scheduler's input is ignored.
 */
public final class CoverageCheckHandler implements RequestStreamHandler {

    static final Duration RESERVE = Duration.ofSeconds(5);

    private final CoverageCheck check;
    private final CoverageConfig config;
    private final Clock clock;

    public CoverageCheckHandler() {
        this(CoverageConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    private CoverageCheckHandler(CoverageConfig config, Clock clock) {
        this(new CoverageCheck(queries(config), new JsonLog(System.out, CoverageCheck.SERVICE), clock), config, clock);
    }

    CoverageCheckHandler(CoverageCheck check, CoverageConfig config, Clock clock) {
        this.check = check;
        this.config = config;
        this.clock = clock;
    }

    static AthenaQueries queries(CoverageConfig config) {
        AthenaClient athena = AwsClientDefaults.configure(AthenaClient.builder(), DefaultCredentialsProvider.builder().build(),
                AwsClientDefaults.defaultRegion(), config.endpointOverride(), AwsClientDefaults.httpClient(),
                AwsClientDefaults.overrides()).build();
        return new AthenaQueries(athena, config.workGroup(), config.database(), CoverageCheck.POLL, Sleeper.REAL,
                RandomGenerator.getDefault());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        Coverage coverage = check.check(CoverageCheck.dayToCheck(clock.instant(), config.timeZone()),
                Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE)));
        output.write(("{\"day\":\"" + coverage.day() + "\",\"coveragePercent\":" + coverage.percent()
                + ",\"expectedAccounts\":" + coverage.expectedAccounts() + ",\"missingAccounts\":" + coverage.missingAccounts()
                + "}").getBytes(StandardCharsets.UTF_8));
    }
}
