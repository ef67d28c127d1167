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

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Lambda entry point in the management account
 * ({@code dev.stocktake.directory.DirectoryHandler::handleRequest}), run daily before the
 * collectors' window. The scheduler's input is ignored.
 */
public final class DirectoryHandler implements RequestStreamHandler {

    static final Duration RESERVE = Duration.ofSeconds(10);

    private final DirectoryExporter exporter;
    private final Clock clock;

    public DirectoryHandler() {
        this(DirectoryFactory.create(DirectoryConfig.fromEnv(System.getenv()), DefaultCredentialsProvider.builder().build(),
                new JsonLog(System.out, "stocktake-account-directory"), Clock.systemUTC(), Sleeper.REAL, RandomGenerator.getDefault()), Clock.systemUTC());
    }

    DirectoryHandler(DirectoryExporter exporter, Clock clock) {
        this.exporter = exporter;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        DirectoryExporter.Export export = exporter.export(
                Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE)));
        output.write(("{\"location\":\"" + export.uri().replace("\"", "\\\"") + "\",\"accounts\":" + export.accounts()
                + ",\"activeAccounts\":" + export.active() + "}").getBytes(StandardCharsets.UTF_8));
    }
}
