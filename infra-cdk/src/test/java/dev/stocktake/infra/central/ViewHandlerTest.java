package dev.stocktake.infra.central;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stocktake.infra.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * Runs the views custom resource's Python handler ({@link AthenaViews#HANDLER_CODE}) with a stand-in
 * boto3 and a local HTTP server in place of CloudFormation's response URL: a view Athena rejects must
 * fail the deployment with Athena's reason, a good one must succeed only once Athena says it did (the handler
 * polls a queued or running query), and a failed drop must not block the stack's deletion; and the central stack's
 * views function runs exactly this handler.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ViewHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FAKE_BOTO3 = """
            import json, os

            class _Athena:
                def start_query_execution(self, **kwargs):
                    with open(os.environ['CALLS'], 'a') as f:
                        f.write(json.dumps(kwargs) + '\\n')
                    return {'QueryExecutionId': 'q-1'}

                polls = 0

                def get_query_execution(self, QueryExecutionId):
                    # one status per poll, the last one repeated
                    statuses = json.loads(os.environ['STATUSES'])
                    status = statuses[min(_Athena.polls, len(statuses) - 1)]
                    _Athena.polls += 1
                    with open(os.environ['POLLS'], 'w') as f:
                        f.write(str(_Athena.polls))
                    return {'QueryExecution': {'Status': status}}

            def client(name):
                assert name == 'athena'
                return _Athena()
            """;
    static final String RUNNER = """
            import json, sys, time
            sys.path.insert(0, sys.argv[1])
            time.sleep = lambda seconds: None  # the handler's 2 s between polls, skipped
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
    void a_view_athena_rejects_fails_the_deployment_with_athenas_reason() throws Exception {
        Map<String, Object> result = invoke("Create", Map.of("State", "FAILED",
                "StateChangeReason", "line 2:8: Column 'nope' cannot be resolved"));
        assertThat(result).containsEntry("Status", "FAILED");
        assertThat((String) result.get("Reason")).contains("daily_counts").contains("Column 'nope' cannot be resolved");
    }

    @Test
    void a_view_athena_accepts_succeeds_after_running_its_sql_in_the_workgroup_and_database() throws Exception {
        Map<String, Object> result = invoke("Create", Map.of("State", "SUCCEEDED"));
        assertThat(result).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "daily_counts")
                .containsEntry("RequestId", "r-1").containsEntry("LogicalResourceId", "ViewsViewdailycounts");
        assertThat(calls()).containsExactly(Map.of(
                "QueryString", "CREATE OR REPLACE VIEW daily_counts AS SELECT 1",
                "WorkGroup", "stocktake",
                "QueryExecutionContext", Map.of("Database", "stocktake")));
    }

    @Test
    void a_query_still_running_is_polled_until_it_succeeds_before_the_view_is_reported_created() throws Exception {
        Map<String, Object> result = invoke("Create", List.of(Map.of("State", "QUEUED"), Map.of("State", "RUNNING"),
                Map.of("State", "SUCCEEDED")));
        assertThat(result).containsEntry("Status", "SUCCESS");
        assertThat(polls()).isEqualTo(3);
    }

    @Test
    void a_query_that_fails_after_running_fails_the_deployment_with_athenas_reason() throws Exception {
        Map<String, Object> result = invoke("Create", List.of(Map.of("State", "RUNNING"),
                Map.of("State", "FAILED", "StateChangeReason", "TABLE_NOT_FOUND: line 1:15: Table 'x' does not exist")));
        assertThat(result).containsEntry("Status", "FAILED");
        assertThat((String) result.get("Reason")).contains("daily_counts").contains("Table 'x' does not exist");
        assertThat(polls()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_central_stacks_views_function_runs_this_handler() {
        Template template = Template.fromStack(Fixtures.stacks("test.config.json", Fixtures.fixturePaths()).central());
        Map<String, Map<String, Object>> views = (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources("Custom::AthenaView");
        assertThat(views).isNotEmpty();
        Set<Object> tokens = views.values().stream()
                .map(v -> ((Map<String, Object>) v.get("Properties")).get("ServiceToken"))
                .collect(Collectors.toSet());
        assertThat(tokens).hasSize(1);
        String functionId = ((List<String>) ((Map<String, Object>) tokens.iterator().next()).get("Fn::GetAtt")).getFirst();
        Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) template.findResources("AWS::Lambda::Function")
                .get(functionId)).get("Properties");
        assertThat(function).containsEntry("Runtime", "python3.14").containsEntry("Handler", "index.handler")
                .containsEntry("Code", Map.of("ZipFile", AthenaViews.HANDLER_CODE));
    }

    @Test
    void deleting_a_view_drops_it_and_a_failed_drop_does_not_block_the_stacks_deletion() throws Exception {
        Map<String, Object> result = invoke("Delete", Map.of("State", "FAILED", "StateChangeReason", "workgroup is gone"));
        assertThat(result).containsEntry("Status", "SUCCESS");
        assertThat(calls()).extracting(c -> c.get("QueryString")).containsExactly("DROP VIEW IF EXISTS \"daily_counts\"");
    }

    private Map<String, Object> invoke(String requestType, Map<String, Object> status) throws Exception {
        return invoke(requestType, List.of(status));
    }

    /** Runs the handler once; each poll of the query's state answers the next of {@code statuses}. */
    private Map<String, Object> invoke(String requestType, List<Map<String, Object>> statuses) throws Exception {
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
        builder.environment().put("STATUSES", JSON.writeValueAsString(statuses));
        builder.environment().put("POLLS", dir.resolve("polls.txt").toString());
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

    /** How often the handler asked for the query's state. */
    private int polls() throws IOException {
        Path file = dir.resolve("polls.txt");
        return Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : 0;
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
