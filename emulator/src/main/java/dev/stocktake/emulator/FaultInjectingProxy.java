package dev.stocktake.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the emulator that answers chosen AWS operations with faults the
 * emulator never produces on its own ({@code ReportInProgress}, {@code LimitExceeded},
 * throttling, S3 5xx, access denied, a body that is not a report), and forwards everything else.
 *
 * <p>Operations are named {@code service:Operation}, e.g. {@code iam:GetCredentialReport},
 * {@code organizations:DescribeAccount}, {@code sts:AssumeRole}, {@code s3:PutObject} (see
 * {@link AwsOperations}). The proxy counts every request per operation, so tests can assert how
 * many calls reached AWS.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Forwarder forwarder;
    private final FaultRules rules = new FaultRules();
    private final CallCounts counts = new CallCounts();
    private final Map<String, ExchangeTransformer> transformers = new ConcurrentHashMap<>();

    private FaultInjectingProxy(URI target, int threads) throws IOException {
        this.forwarder = new Forwarder(target);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy on a free loopback port that forwards to {@code target}. */
    public static FaultInjectingProxy start(URI target) {
        return start(target, 16);
    }

    /** As {@link #start(URI)}, serving up to {@code threads} requests at once. */
    public static FaultInjectingProxy start(URI target, int threads) {
        try {
            return new FaultInjectingProxy(target, threads);
        } catch (IOException e) {
            throw new EmulatorUnavailableException("Cannot start the fault-injecting proxy: " + e.getMessage());
        }
    }

    /** The proxy's endpoint: point the SDK clients here instead of at the emulator. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next {@code times} calls of {@code operation} with {@code fault}. */
    public FaultInjectingProxy failNext(String operation, int times, Fault fault) {
        rules.add(operation, times, fault);
        return this;
    }

    /** Answers every call of {@code operation} with {@code fault}, until {@link #clearFaults()}. */
    public FaultInjectingProxy failAlways(String operation, Fault fault) {
        rules.add(operation, Integer.MAX_VALUE, fault);
        return this;
    }

    /** Answers each call of {@code operation} with {@code fault} with the given probability. */
    public FaultInjectingProxy failRandomly(String operation, double probability, RandomGenerator random, Fault fault) {
        rules.addRandom(operation, probability, random, fault);
        return this;
    }

    /**
     * Passes every successful (2xx) response of {@code operation} that the emulator gives through
     * {@code transformer} before it reaches the client, e.g. to shape what the emulator cannot
     * produce itself (a credential report dated a simulated day). Faults are unaffected.
     */
    public FaultInjectingProxy transformResponses(String operation, ResponseTransformer transformer) {
        transformers.put(operation, (accessKeyId, request, response) -> transformer.transform(accessKeyId, response));
        return this;
    }

    /**
     * As {@link #transformResponses(String, ResponseTransformer)}, for an answer that depends on what was asked
     * (e.g. which permission set {@code sso:ListAccountsForProvisionedPermissionSet} names).
     */
    public FaultInjectingProxy transformExchanges(String operation, ExchangeTransformer transformer) {
        transformers.put(operation, transformer);
        return this;
    }

    public void clearFaults() {
        rules.clear();
    }

    /** How many calls of {@code operation} reached the proxy (faulted or forwarded). */
    public int calls(String operation) {
        return counts.calls(operation);
    }

    /** How many calls of {@code operation} were answered with a fault. */
    public int faults(String operation) {
        return counts.faults(operation);
    }

    /** Calls of {@code operation} per wall-clock second (epoch second to count), faulted or not. */
    public SortedMap<Long, Integer> callsPerSecond(String operation) {
        return counts.callsPerSecond(operation);
    }

    public void resetCounts() {
        counts.reset();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = AwsOperations.of(exchange.getRequestHeaders(), exchange.getRequestMethod(),
                    exchange.getRequestURI(), body);
            counts.called(operation, System.currentTimeMillis());
            Fault fault = rules.faultFor(operation);
            if (fault != null) {
                counts.faulted(operation);
                FaultResponses.respond(exchange, operation, fault);
                return;
            }
            forwarder.forward(exchange, body, transformers.get(operation));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Rewrites a successful response body on its way from the emulator to the client. */
    @FunctionalInterface
    public interface ResponseTransformer {

        /**
         * @param accessKeyId the access key ID the request was signed with (tells which account called), or {@code null}
         * @param body the emulator's response body
         * @return the body the client receives
         */
        byte[] transform(String accessKeyId, byte[] body);
    }

    /** Rewrites a successful response body on its way from the emulator to the client, knowing the request. */
    @FunctionalInterface
    public interface ExchangeTransformer {

        /**
         * @param accessKeyId the access key ID the request was signed with, or {@code null}
         * @param requestBody the request body the client sent
         * @param responseBody the emulator's response body
         * @return the body the client receives
         */
        byte[] transform(String accessKeyId, byte[] requestBody, byte[] responseBody);
    }

    /** What the proxy answers instead of forwarding. */
    public sealed interface Fault {

        /** An AWS error in the wire format of the service called (query XML, JSON, or S3 XML). */
        record AwsError(int status, String code, String message) implements Fault {
        }

        /** A fixed HTTP response. */
        record Canned(int status, String contentType, String body) implements Fault {
        }

        static Fault error(int status, String code, String message) {
            return new AwsError(status, code, message);
        }

        /** IAM: the report is still being generated (HTTP 404 ReportInProgress). */
        static Fault reportInProgress() {
            return error(404, "ReportInProgress", "Credential report is being generated.");
        }

        /** IAM: no capacity for a new report generation task (HTTP 409 LimitExceeded). */
        static Fault limitExceeded() {
            return error(409, "LimitExceeded", "Cannot generate credential report: no more capacity to launch new report generation tasks.");
        }

        /** IAM/STS query-protocol throttling. */
        static Fault throttling() {
            return error(400, "Throttling", "Rate exceeded");
        }

        /** Organizations throttling. */
        static Fault tooManyRequests() {
            return error(400, "TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress or the rate is exceeded.");
        }

        static Fault accessDenied(String message) {
            return error(403, "AccessDenied", message);
        }

        static Fault s3InternalError() {
            return error(500, "InternalError", "We encountered an internal error. Please try again.");
        }
    }
}
