package dev.stocktake.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A running local AWS emulator (moto in server mode): one endpoint for every service.
 *
 * <p>Obtain one with {@link #connect(Map)}: it reuses {@code AWS_ENDPOINT_URL} when that is set,
 * else starts {@code moto_server} on a free loopback port, else the {@code motoserver/moto}
 * image through Testcontainers when Docker is present, else fails saying how to install moto.
 */
public final class Emulator implements AutoCloseable {

    /** The account moto acts as for plain (non-assumed) credentials: our management account. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI endpoint;
    private final String description;
    private final AutoCloseable owner;

    Emulator(URI endpoint, String description, AutoCloseable owner) {
        this.endpoint = endpoint;
        this.description = description;
        this.owner = owner;
    }

    /**
     * Connects to the emulator the environment names, or starts one.
     *
     * @param env the process environment ({@code System.getenv()})
     * @throws EmulatorUnavailableException when no emulator can be had, saying what to install
     */
    public static Emulator connect(Map<String, String> env) {
        String configured = env.get("AWS_ENDPOINT_URL");
        if (configured != null && !configured.isBlank()) {
            URI uri = URI.create(configured.strip());
            Emulator external = new Emulator(uri, "AWS_ENDPOINT_URL " + uri, () -> { });
            external.awaitReady(Duration.ofSeconds(10));
            return external;
        }
        var moto = MotoServerProcess.find(env);
        if (moto.isPresent()) {
            return moto.get().start();
        }
        if (DockerMoto.dockerAvailable()) {
            return DockerMoto.start();
        }
        throw new EmulatorUnavailableException(
                "No local AWS emulator found. Install moto's server with "
                        + "`python3 -m pip install 'moto[server]==5.2.1'` (./scripts/test and ./stocktake do this "
                        + "for you when pip can reach PyPI), or start one yourself and set AWS_ENDPOINT_URL "
                        + "(e.g. `moto_server -p 5000` and AWS_ENDPOINT_URL=http://127.0.0.1:5000), "
                        + "or run with a Docker engine so the motoserver/moto image can be used.");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Where this emulator came from, for messages. */
    public String description() {
        return description;
    }

    /** Credentials moto maps to {@link #DEFAULT_ACCOUNT_ID}. */
    public static AwsCredentialsProvider defaultCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** Clears all state ({@code POST /moto-api/reset}). */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Raw moto state as JSON ({@code GET /moto-api/data.json}), e.g. to read sent mail back. */
    public String stateJson() {
        return get("/moto-api/data.json");
    }

    void awaitReady(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            try {
                HttpResponse<Void> response = HTTP.send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("Interrupted while waiting for the emulator at " + endpoint);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("Interrupted while waiting for the emulator at " + endpoint);
            }
        }
        throw new EmulatorUnavailableException("The AWS emulator (" + description + ") did not answer within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()));
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build());
    }

    private String post(String path, String body) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new EmulatorUnavailableException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("The AWS emulator at " + endpoint + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorUnavailableException("Interrupted talking to the emulator at " + endpoint);
        }
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the AWS emulator (" + description + ")", e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
