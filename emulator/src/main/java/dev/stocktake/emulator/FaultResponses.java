package dev.stocktake.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

import dev.stocktake.emulator.FaultInjectingProxy.Fault;

/**
 * Writes a {@link Fault} as the answer to a request, in the wire format the SDK expects of the service called:
 * S3's REST XML, the JSON protocol's {@code __type} (when the request was JSON), else the query protocol's
 * {@code ErrorResponse}.
 */
final class FaultResponses {

    private enum Protocol { JSON, QUERY, REST_XML }

    private FaultResponses() {
    }

    static void respond(HttpExchange exchange, String operation, Fault fault) throws IOException {
        switch (fault) {
            case Fault.AwsError error -> {
                exchange.getResponseHeaders().set("x-amzn-RequestId", "stocktake-fault");
                switch (protocolOf(exchange, operation)) {
                    case JSON -> {
                        exchange.getResponseHeaders().set("x-amzn-query-error", error.code() + ";Sender");
                        write(exchange, error.status(), "application/x-amz-json-1.1", json(error));
                    }
                    case QUERY -> write(exchange, error.status(), "text/xml", query(error));
                    case REST_XML -> write(exchange, error.status(), "application/xml", restXml(error));
                }
            }
            case Fault.Canned canned -> write(exchange, canned.status(), canned.contentType(), canned.body());
        }
    }

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

    private static String json(Fault.AwsError error) {
        return "{\"__type\":\"" + error.code() + "\",\"message\":\"" + error.message().replace("\"", "'") + "\"}";
    }

    private static String query(Fault.AwsError error) {
        return "<ErrorResponse><Error><Type>" + (error.status() >= 500 ? "Receiver" : "Sender")
                + "</Type><Code>" + error.code() + "</Code><Message>" + xml(error.message())
                + "</Message></Error><RequestId>stocktake-fault</RequestId></ErrorResponse>";
    }

    private static String restXml(Fault.AwsError error) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + error.code() + "</Code><Message>"
                + xml(error.message()) + "</Message><RequestId>stocktake-fault</RequestId></Error>";
    }

    private static void write(HttpExchange exchange, int status, String contentType, String body) throws IOException {
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
}
