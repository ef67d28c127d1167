package dev.stocktake.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the emulator that answers chosen AWS operations with faults the
 * emulator never produces on its own ({@code ReportInProgress}, {@code LimitExceeded},
 * throttling, S3 5xx, access denied, a body that is not a report), and forwards everything else.
 *
 * <p>Operations are named {@code service:Operation}, e.g. {@code iam:GetCredentialReport},
 * {@code organizations:DescribeAccount}, {@code sts:AssumeRole}, {@code s3:PutObject}. The proxy
 * counts every request per operation, so tests can assert how many calls reached AWS.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("Credential=([^/]+)/");
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<Long, AtomicInteger>> perSecond = new ConcurrentHashMap<>();
    private final Map<String, ResponseTransformer> transformers = new ConcurrentHashMap<>();

    private FaultInjectingProxy(URI target, int threads) throws IOException {
        this.target = target;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
        rules.add(new Rule(operation, new AtomicInteger(times), 0, null, fault));
        return this;
    }

    /** Answers every call of {@code operation} with {@code fault}, until {@link #clearFaults()}. */
    public FaultInjectingProxy failAlways(String operation, Fault fault) {
        rules.add(new Rule(operation, new AtomicInteger(Integer.MAX_VALUE), 0, null, fault));
        return this;
    }

    /** Answers each call of {@code operation} with {@code fault} with the given probability. */
    public FaultInjectingProxy failRandomly(String operation, double probability, RandomGenerator random, Fault fault) {
        rules.add(new Rule(operation, new AtomicInteger(Integer.MAX_VALUE), probability, random, fault));
        return this;
    }

    /**
     * Passes every successful (2xx) response of {@code operation} that the emulator gives through
     * {@code transformer} before it reaches the client, e.g. to shape what the emulator cannot
     * produce itself (a credential report dated a simulated day). Faults are unaffected.
     */
    public FaultInjectingProxy transformResponses(String operation, ResponseTransformer transformer) {
        transformers.put(operation, transformer);
        return this;
    }

    public void clearFaults() {
        rules.clear();
    }

    /** How many calls of {@code operation} reached the proxy (faulted or forwarded). */
    public int calls(String operation) {
        AtomicInteger count = seen.get(operation);
        return count == null ? 0 : count.get();
    }

    /** How many calls of {@code operation} were answered with a fault. */
    public int faults(String operation) {
        AtomicInteger count = injected.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Calls of {@code operation} per wall-clock second (epoch second to count), faulted or not. */
    public java.util.SortedMap<Long, Integer> callsPerSecond(String operation) {
        java.util.SortedMap<Long, Integer> counts = new java.util.TreeMap<>();
        var seconds = perSecond.get(operation);
        if (seconds != null) {
            seconds.forEach((second, count) -> counts.put(second, count.get()));
        }
        return counts;
    }

    public void resetCounts() {
        seen.clear();
        injected.clear();
        perSecond.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = operationOf(exchange, body);
            seen.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            perSecond.computeIfAbsent(operation, k -> new java.util.concurrent.ConcurrentSkipListMap<>())
                    .computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicInteger()).incrementAndGet();
            Fault fault = faultFor(operation);
            if (fault != null) {
                injected.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
                respond(exchange, fault, protocolOf(exchange, operation));
                return;
            }
            forward(exchange, body, transformers.get(operation));
        }
    }

    private Fault faultFor(String operation) {
        for (Rule rule : rules) {
            if (!rule.operation.equals(operation)) {
                continue;
            }
            if (rule.random != null) {
                synchronized (rule.random) {
                    if (rule.random.nextDouble() >= rule.probability) {
                        continue;
                    }
                }
                return rule.fault;
            }
            if (rule.remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return rule.fault;
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body, ResponseTransformer transformer) throws IOException {
        URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            if (transformer != null && response.statusCode() / 100 == 2) {
                bytes = transformer.transform(accessKeyIdOf(exchange.getRequestHeaders().getFirst("Authorization")), bytes);
            }
            boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || bytes.length == 0;
            if ("HEAD".equals(exchange.getRequestMethod())) {
                response.headers().firstValue("content-length")
                        .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
            }
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private enum Protocol { JSON, QUERY, REST_XML }

    private static Protocol protocolOf(HttpExchange exchange, String operation) {
        if (operation.startsWith("s3:")) {
            return Protocol.REST_XML;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.contains("json")) {
            return Protocol.JSON;
        }
        return Protocol.QUERY;
    }

    private static void respond(HttpExchange exchange, Fault fault, Protocol protocol) throws IOException {
        String contentType;
        String body;
        switch (fault) {
            case Fault.AwsError error -> {
                switch (protocol) {
                    case JSON -> {
                        contentType = "application/x-amz-json-1.1";
                        body = "{\"__type\":\"" + error.code() + "\",\"message\":\"" + error.message().replace("\"", "'") + "\"}";
                        exchange.getResponseHeaders().set("x-amzn-query-error", error.code() + ";Sender");
                    }
                    case QUERY -> {
                        contentType = "text/xml";
                        body = "<ErrorResponse><Error><Type>" + (error.status() >= 500 ? "Receiver" : "Sender")
                                + "</Type><Code>" + error.code() + "</Code><Message>" + xml(error.message())
                                + "</Message></Error><RequestId>stocktake-fault</RequestId></ErrorResponse>";
                    }
                    default -> {
                        contentType = "application/xml";
                        body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + error.code() + "</Code><Message>"
                                + xml(error.message()) + "</Message><RequestId>stocktake-fault</RequestId></Error>";
                    }
                }
                exchange.getResponseHeaders().set("x-amzn-RequestId", "stocktake-fault");
                writeBody(exchange, error.status(), contentType, body);
            }
            case Fault.Canned canned -> writeBody(exchange, canned.status(), canned.contentType(), canned.body());
        }
    }

    private static void writeBody(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String operationOf(HttpExchange exchange, byte[] body) {
        String service = serviceOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null && target.contains(".")) {
            return service + ":" + target.substring(target.lastIndexOf('.') + 1);
        }
        if ("s3".equals(service)) {
            return "s3:" + s3Operation(exchange.getRequestMethod(), exchange.getRequestURI());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.contains("x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("Action=")) {
                    return service + ":" + URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
        }
        return service + ":" + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }

    /** The access key ID a SigV4 {@code Authorization} header was signed with, or {@code null}. */
    static String accessKeyIdOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = ACCESS_KEY_ID.matcher(authorization);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String serviceOf(String authorization) {
        if (authorization == null) {
            return "unsigned";
        }
        Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private static String s3Operation(String method, URI uri) {
        String path = uri.getPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        boolean objectPath = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length() - 1;
        if (query.contains("tagging")) {
            return switch (method) {
                case "PUT" -> "PutObjectTagging";
                case "GET" -> "GetObjectTagging";
                default -> "DeleteObjectTagging";
            };
        }
        return switch (method) {
            case "PUT" -> objectPath ? "PutObject" : "CreateBucket";
            case "HEAD" -> objectPath ? "HeadObject" : "HeadBucket";
            case "GET" -> objectPath ? "GetObject" : "ListObjects";
            case "DELETE" -> objectPath ? "DeleteObject" : "DeleteBucket";
            default -> method + "Object";
        };
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

    private record Rule(String operation, AtomicInteger remaining, double probability, RandomGenerator random, Fault fault) {
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
