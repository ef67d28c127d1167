package dev.stocktake.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/** The emulator's own API ({@code /moto-api/...}): canned Athena results, state transitions, sent mail. */
public final class MotoApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Emulator emulator;

    public MotoApi(Emulator emulator) {
        this.emulator = emulator;
    }

    /**
     * Seeds the emulator's random numbers ({@code POST /moto-api/seed?a=<seed>}): the IDs it makes afterwards (users,
     * groups, instances, permission sets) come out the same in every run that makes the same calls in the same order.
     */
    public void seed(long seed) {
        post("/moto-api/seed?a=" + seed, Map.of());
    }

    /**
     * Queues results for the next executions whose results are read ({@code POST /moto-api/static/athena/query-results}).
     * Athena puts the header first on the first page: so does this, when {@code withHeader}.
     */
    public void queueAthenaResults(boolean withHeader, Record... tables) {
        List<Object> results = new ArrayList<>();
        for (Record table : tables) {
            results.add(Map.of("rows", rows(table, withHeader), "column_info", columns(table)));
        }
        post("/moto-api/static/athena/query-results", Map.of("results", results));
    }

    /** The rows of a result page as Athena's API gives them; {@code table} as in {@link #queueAthenaResults}. */
    public static List<Object> rows(Record table, boolean withHeader) {
        List<Object> rows = new ArrayList<>();
        if (withHeader) {
            rows.add(row(component(table, "columns")));
        }
        List<List<String>> values = component(table, "rows");
        values.forEach(row -> rows.add(row(row)));
        return rows;
    }

    /** The column metadata of a result page as Athena's API gives it. */
    public static List<Object> columns(Record table) {
        List<String> names = component(table, "columns");
        return names.stream().<Object>map(name -> Map.of("Name", name, "Label", name, "Type", "varchar")).toList();
    }

    /**
     * A table's {@code columns()} or {@code rows()}: any record with those two components, in practice athena-sql's
     * {@code ResultTable}. Read by reflection because this module sits below athena-sql (whose tests use the emulator)
     * and cannot name its types.
     */
    @SuppressWarnings("unchecked")
    private static <T> T component(Record table, String name) {
        for (var component : table.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return (T) component.getAccessor().invoke(table);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot read " + name + "() of " + table, e);
                }
            }
        }
        throw new IllegalArgumentException(table.getClass().getName() + " has no " + name + "() component: pass a table of columns and rows");
    }

    private static Map<String, Object> row(List<?> values) {
        List<Object> data = new ArrayList<>();
        for (Object value : values) {
            data.add(value == null ? Map.of() : Map.of("VarCharValue", value));
        }
        return Map.of("Data", data);
    }

    /** Athena executions go QUEUED, RUNNING, SUCCEEDED, one step every {@code times} GetQueryExecution calls. */
    public void athenaAdvancesEvery(int times) {
        post("/moto-api/state-manager/set-transition", Map.of("model_name", "athena::execution",
                "transition", Map.of("progression", "manual", "times", times)));
    }

    /** Back to moto's default: executions are SUCCEEDED at once. */
    public void athenaImmediate() {
        post("/moto-api/state-manager/unset-transition", Map.of("model_name", "athena::execution"));
    }

    /** A message SES accepted, as the emulator keeps it. */
    public record SentMail(String source, List<String> destinations, String raw) {
    }

    /** Every raw message SES v2 accepted so far ({@code GET /moto-api/data.json}). */
    public List<SentMail> sentMail() {
        try {
            JsonNode state = JSON.readTree(emulator.stateJson());
            List<SentMail> mail = new ArrayList<>();
            for (JsonNode message : state.findValues("raw_data").isEmpty() ? List.<JsonNode>of() : parents(state, "raw_data")) {
                List<String> destinations = new ArrayList<>();
                message.path("destinations").forEach(d -> destinations.add(d.asText()));
                mail.add(new SentMail(message.path("source").asText(), destinations, message.path("raw_data").asText()));
            }
            return mail;
        } catch (IOException e) {
            throw new AssertionError("the emulator's state is not JSON", e);
        }
    }

    private static List<JsonNode> parents(JsonNode node, String field) {
        List<JsonNode> found = new ArrayList<>();
        if (node.isObject() && node.has(field)) {
            found.add(node);
        }
        node.forEach(child -> found.addAll(parents(child, field)));
        return found;
    }

    private void post(String path, Object body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A JSON body for a canned Athena response (e.g. a page with a NextToken, through the fault proxy). */
    public static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static URI uri(String text) {
        return URI.create(text);
    }
}
