package dev.stocktake.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;

import dev.stocktake.emulator.FaultInjectingProxy.ExchangeTransformer;

/**
 * Passes a request on to the emulator unchanged (the signature stays valid: the host header is the client's) and
 * its answer back, through an {@link ExchangeTransformer} when one is given. Answers 502 when the emulator cannot be
 * reached.
 */
final class Forwarder {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Forwarder(URI target) {
        this.target = target;
    }

    void forward(HttpExchange exchange, byte[] body, ExchangeTransformer transformer) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(exchange, body), HttpResponse.BodyHandlers.ofInputStream());
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
                bytes = transformer.transform(AwsOperations.accessKeyIdOf(exchange.getRequestHeaders().getFirst("Authorization")),
                        body, bytes);
            }
            respond(exchange, response, bytes);
        }
    }

    private HttpRequest request(HttpExchange exchange, byte[] body) {
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
        return request.build();
    }

    /** A HEAD answer keeps the emulator's content length and has no body. */
    private static void respond(HttpExchange exchange, HttpResponse<?> response, byte[] bytes) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        boolean noBody = head || bytes.length == 0;
        if (head) {
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
