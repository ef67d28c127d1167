package dev.stocktake.infra.central;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the views custom resource's Python handler ({@link AthenaViews#HANDLER_CODE}) with a stand-in
 * boto3 and a local HTTP server in place of CloudFormation's response URL: a view Athena rejects must
 * fail the deployment with Athena's reason, a good one must succeed, and a failed drop must not block
 * the stack's deletion.
 */
class ViewHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FAKE_BOTO3 = """
            import json, os

            class _Athena:
                def start_query_execution(self, **kwargs):
                    with open(os.environ['CALLS'], 'a') as f:
                        f.write(json.dumps(kwargs) + '\\n')
                    return {'QueryExecutionId': 'q-1'}

                def get_query_execution(self, QueryExecutionId):
                    return {'QueryExecution': {'Status': json.loads(os.environ['STATUS'])}}

            def client(name):
                assert name == 'athena'
                return _Athena()
            """;
    static final String RUNNER = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import index

            class Context:
                def get_remaining_time_in_millis(self):
                    return 60000

            index.handler(json.loads(sys.argv[2]), Context())
            """;

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicReference<String> response = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("index.py"), AthenaViews.HANDLER_CODE);
        Files.writeString(dir.resolve("boto3.py"), FAKE_BOTO3);
        Files.writeString(dir.resolve("runner.py"), RUNNER);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            response.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aViewAthenaRejects_failsTheDeployment_withAthenasReason() throws Exception {
        Map<String, Object> result = invoke("Create", Map.of("State", "FAILED",
                "StateChangeReason", "line 2:8: Column 'nope' cannot be resolved"));
        assertThat(result).containsEntry("Status", "FAILED");
        assertThat((String) result.get("Reason")).contains("daily_counts").contains("Column 'nope' cannot be resolved");
    }

    @Test
    void aViewAthenaAccepts_succeeds_afterRunningItsSqlInTheWorkGroupAndDatabase() throws Exception {
        Map<String, Object> result = invoke("Create", Map.of("State", "SUCCEEDED"));
        assertThat(result).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "daily_counts")
                .containsEntry("RequestId", "r-1").containsEntry("LogicalResourceId", "ViewsViewdailycounts");
        assertThat(calls()).containsExactly(Map.of(
                "QueryString", "CREATE OR REPLACE VIEW daily_counts AS SELECT 1",
                "WorkGroup", "stocktake",
                "QueryExecutionContext", Map.of("Database", "stocktake")));
    }

    @Test
    void deletingAView_dropsIt_andAFailedDropDoesNotBlockTheStacksDeletion() throws Exception {
        Map<String, Object> result = invoke("Delete", Map.of("State", "FAILED", "StateChangeReason", "workgroup is gone"));
        assertThat(result).containsEntry("Status", "SUCCESS");
        assertThat(calls()).extracting(c -> c.get("QueryString")).containsExactly("DROP VIEW IF EXISTS \"daily_counts\"");
    }

    private Map<String, Object> invoke(String requestType, Map<String, Object> status) throws Exception {
        Map<String, Object> event = Map.of(
                "RequestType", requestType,
                "ResponseURL", "http://127.0.0.1:" + server.getAddress().getPort() + "/response",
                "StackId", "arn:aws:cloudformation:eu-west-1:222222222222:stack/StocktakeCentral/x",
                "RequestId", "r-1",
                "LogicalResourceId", "ViewsViewdailycounts",
                "PhysicalResourceId", "daily_counts",
                "ResourceProperties", Map.of("WorkGroup", "stocktake", "Database", "stocktake",
                        "ViewName", "daily_counts", "Sql", "CREATE OR REPLACE VIEW daily_counts AS SELECT 1"));
        ProcessBuilder builder = new ProcessBuilder("python3", dir.resolve("runner.py").toString(), dir.toString(),
                JSON.writeValueAsString(event)).redirectErrorStream(true);
        builder.environment().put("STATUS", JSON.writeValueAsString(status));
        builder.environment().put("CALLS", dir.resolve("calls.jsonl").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python3 handler run:\n" + output).isZero();
        assertThat(response.get()).as("the handler answered CloudFormation; output:\n" + output).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(response.get(), Map.class);
        return body;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> calls() throws IOException {
        Path file = dir.resolve("calls.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return (Map<String, Object>) JSON.readValue(l, Map.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
