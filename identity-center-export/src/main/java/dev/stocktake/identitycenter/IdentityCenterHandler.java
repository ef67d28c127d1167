package dev.stocktake.identitycenter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Lambda entry point in the management account or the Identity Center delegated administrator, in the instance's
 * Region ({@code dev.stocktake.identitycenter.IdentityCenterHandler::handleRequest}), run daily. The scheduler's input
 * is ignored. A failed export throws, so the invocation fails (and its error metric and the log's ERROR line show it).
 */
public final class IdentityCenterHandler implements RequestStreamHandler {

    static final Duration RESERVE = Duration.ofSeconds(10);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final IdentityCenterExporter exporter;
    private final Clock clock;

    public IdentityCenterHandler() {
        this(IdentityCenterFactory.create(IdentityCenterConfig.fromEnv(System.getenv()), DefaultCredentialsProvider.builder().build(),
                AwsClientDefaults.defaultRegion(), new JsonLog(System.out, "stocktake-identity-center-export"), Clock.systemUTC(),
                Sleeper.REAL, RandomGenerator.getDefault()), Clock.systemUTC());
    }

    IdentityCenterHandler(IdentityCenterExporter exporter, Clock clock) {
        this.exporter = exporter;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        IdentityCenterExporter.ExportResult result = exporter.export(clock.instant(),
                Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE)));
        StringWriter answer = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(answer)) {
            json.writeStartObject();
            json.writeStringField("location", result.uri());
            json.writeStringField("outcome", result.outcome().name());
            json.writeNumberField("users", result.users());
            json.writeNumberField("groups", result.groups());
            json.writeNumberField("memberships", result.memberships());
            json.writeNumberField("assignments", result.assignments());
            json.writeNumberField("memberAssignments", result.memberAssignments());
            json.writeNumberField("apiCalls", result.apiCalls());
            json.writeEndObject();
        }
        output.write(answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
