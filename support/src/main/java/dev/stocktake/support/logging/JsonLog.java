package dev.stocktake.support.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Structured logs: one JSON object per line on the given stream (stdout in Lambda, where
 * CloudWatch Logs picks it up). A line with metrics is also in CloudWatch Embedded Metric Format,
 * so the same line is a log event and a set of metrics. Never given report contents or
 * credentials.
 */
public final class JsonLog {

    public static final String NAMESPACE = "Stocktake";
    /** The collector's service name, the default. */
    public static final String SERVICE = "stocktake-collector";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final PrintStream out;
    private final String service;

    /** The collector's log ({@value #SERVICE}). */
    public JsonLog(PrintStream out) {
        this(out, SERVICE);
    }

    /** A log for another Stocktake function, e.g. {@code stocktake-notifier}: the {@code service} field and EMF dimension. */
    public JsonLog(PrintStream out, String service) {
        this.out = out;
        this.service = service;
    }

    public void info(Instant time, String message, Map<String, ?> fields) {
        write(time, "INFO", message, fields, Map.of());
    }

    public void warn(Instant time, String message, Map<String, ?> fields) {
        write(time, "WARN", message, fields, Map.of());
    }

    public void error(Instant time, String message, Map<String, ?> fields) {
        write(time, "ERROR", message, fields, Map.of());
    }

    /**
     * One line that is both a log event and EMF metrics.
     *
     * @param metrics metric name to value; a name ending in {@code Bytes} gets unit Bytes, in
     *     {@code Ms} Milliseconds, anything else Count
     */
    public void event(Instant time, String level, String message, Map<String, ?> fields, Map<String, ? extends Number> metrics) {
        write(time, level, message, fields, metrics);
    }

    private void write(Instant time, String level, String message, Map<String, ?> fields, Map<String, ? extends Number> metrics) {
        StringWriter buffer = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("timestamp", time.toString());
            json.writeStringField("level", level);
            json.writeStringField("service", service);
            json.writeStringField("message", message);
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                writeField(json, field.getKey(), field.getValue());
            }
            if (!metrics.isEmpty()) {
                json.writeObjectFieldStart("_aws");
                json.writeNumberField("Timestamp", time.toEpochMilli());
                json.writeArrayFieldStart("CloudWatchMetrics");
                json.writeStartObject();
                json.writeStringField("Namespace", NAMESPACE);
                json.writeArrayFieldStart("Dimensions");
                json.writeStartArray();
                json.writeString("Service");
                json.writeEndArray();
                json.writeEndArray();
                json.writeArrayFieldStart("Metrics");
                for (String name : metrics.keySet()) {
                    json.writeStartObject();
                    json.writeStringField("Name", name);
                    json.writeStringField("Unit", name.endsWith("Bytes") ? "Bytes" : name.endsWith("Ms") ? "Milliseconds" : "Count");
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
                json.writeStringField("Service", service);
                for (Map.Entry<String, ? extends Number> metric : metrics.entrySet()) {
                    writeField(json, metric.getKey(), metric.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a log line", e);
        }
        out.println(buffer);
    }

    private static void writeField(JsonGenerator json, String name, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNullField(name);
            case Integer i -> json.writeNumberField(name, i);
            case Long l -> json.writeNumberField(name, l);
            case Double d -> json.writeNumberField(name, d);
            case Boolean b -> json.writeBooleanField(name, b);
            case Map<?, ?> map -> {
                json.writeObjectFieldStart(name);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    writeField(json, String.valueOf(entry.getKey()), entry.getValue());
                }
                json.writeEndObject();
            }
            default -> json.writeStringField(name, value.toString());
        }
    }
}
