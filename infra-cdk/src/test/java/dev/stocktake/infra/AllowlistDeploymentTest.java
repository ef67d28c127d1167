package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.central.CentralStack;
import dev.stocktake.infra.config.ConfigException;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The allowlist: the central stack validates the repository's allowlist at synth, deploys exactly that file to
 * {@code s3://<bucket>/allowlist/allowlist.csv}, defines the {@code allowlist} Glue table over it, and its bucket
 * policy keeps collectors out of {@code allowlist/} and CDK's deployment handler in it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AllowlistDeploymentTest {
    static final String BUCKET = "stocktake-reports-222222222222-eu-west-1";

    static CentralStack central;
    static Template template;

    @BeforeAll
    static void synthesize() {
        central = Fixtures.stacks("test.config.json", Fixtures.fixturePaths()).central();
        template = Template.fromStack(central);
    }

    @Test
    void glue_table_is_athena_sqls_allowlist_definition_over_the_allowlist_prefix_without_partitions() {
        template.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of(
                "TableInput", Match.objectLike(Map.of(
                        "Name", "allowlist",
                        "TableType", "EXTERNAL_TABLE",
                        "Parameters", Map.of("classification", "csv"),
                        "PartitionKeys", List.of(),
                        "StorageDescriptor", Match.objectLike(Map.of(
                                "Location", "s3://" + BUCKET + "/allowlist/",
                                "Columns", List.of(column("account"), column("user"), column("credentials"), column("owner"),
                                        column("reason"), column("ticket"), column("expires")),
                                "SerdeInfo", Match.objectLike(Map.of(
                                        "SerializationLibrary", "org.apache.hadoop.hive.serde2.OpenCSVSerde")))))))));
    }

    @Test
    void deployment_puts_the_repositorys_allowlist_under_allowlist_prefix_and_prunes_everything_else_there() throws IOException {
        Map<String, Map<String, Object>> deployments = Json.resources(template, "Custom::CDKBucketDeployment");
        assertThat(deployments).hasSize(1);
        Map<String, Object> props = Json.props(deployments.values().iterator().next());
        assertThat(props).containsEntry("DestinationBucketKeyPrefix", "allowlist/").containsEntry("Prune", true);
        assertThat(props.get("DestinationBucketName")).isEqualTo(Map.of("Ref", Nag.logicalId(central.reportBucket())));

        // the staged asset holds exactly the validated file, as allowlist.csv
        String zip = Json.list(props.get("SourceObjectKeys")).getFirst();
        Path staged = Path.of(((App) central.getNode().getRoot()).getOutdir())
                .resolve("asset." + zip.replace(".zip", "")).resolve("allowlist.csv");
        assertThat(staged).hasSameBinaryContentAs(Fixtures.paths().root().resolve("allowlist/allowlist.csv"));
    }

    @Test
    void views_are_created_after_the_allowlist_table() {
        String tableId = (String) central.resolve(central.getLogicalId(central.allowlistTable()));
        assertThat(Json.resources(template, "Custom::AthenaView").values())
                .isNotEmpty()
                .allSatisfy(view -> assertThat(Json.list(view.get("DependsOn"))).contains(tableId));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bucket_policy_keeps_collectors_out_of_allowlist_and_the_deployment_handler_in_it() {
        Map<String, Object> handlerRoleArn = Map.of("Fn::GetAtt",
                List.of(Nag.logicalId(central.allowlistDeployment().getHandlerRole()), "Arn"));
        Map<String, Object> bucketArn = Map.of("Fn::GetAtt", List.of(Nag.logicalId(central.reportBucket()), "Arn"));
        Map<String, Object> allowlistObjects = Map.of("Fn::Join", List.of("", List.of(bucketArn, "/allowlist/*")));
        List<Map<String, Object>> statements = Json.statements(template, "AWS::S3::BucketPolicy", "PolicyDocument");

        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "CollectorsNeverTouchAllowlist").containsEntry("Effect", "Deny")
                    .containsEntry("Action", "s3:*");
            assertThat(s.get("Resource")).isEqualTo(allowlistObjects);
            assertThat(s.get("Condition")).isEqualTo(Map.of("ArnLike",
                    Map.of("aws:PrincipalArn", "arn:aws:iam::*:role/stocktake-collector")));
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "AllowlistDeploymentOnlyUnderAllowlist").containsEntry("Effect", "Deny")
                    .containsEntry("Action", "s3:*");
            assertThat((List<Object>) s.get("NotResource")).containsExactlyInAnyOrder(bucketArn, allowlistObjects);
            assertThat(s.get("Condition")).isEqualTo(Map.of("ArnEquals", Map.of("aws:PrincipalArn", handlerRoleArn)));
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "AllowlistDeploymentListsOnlyAllowlist").containsEntry("Effect", "Deny");
            assertThat(Json.list(s.get("Action"))).containsExactly("s3:ListBucket", "s3:ListBucketVersions");
            assertThat(s.get("Resource")).isEqualTo(bucketArn);
            assertThat(s.get("Condition")).isEqualTo(Map.of(
                    "ArnEquals", Map.of("aws:PrincipalArn", handlerRoleArn),
                    "StringNotLike", Map.of("s3:prefix", "allowlist/*")));
        });
    }

    @Test
    void an_invalid_allowlist_stops_the_synth_with_the_allowlists_own_line_and_field_messages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("allowlist.csv");
        Files.writeString(file, """
                # a bad entry
                account,user,credentials,owner,reason,ticket,expires
                *,ops,keys,ops@example.com,Ops,,2027-01-01
                """);

        assertThatThrownBy(() -> new CentralStack(new App(), "Central", StackProps.builder().build(),
                configWithAllowlist(file.toString()), Fixtures.fixturePaths()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("allowlist.file: " + file + " is not a valid allowlist (1 problem):")
                        .contains(file + " line 3, field 'credentials': 'keys' must be console, access-keys or both")
                        .contains("./stocktake allowlist check " + file));
    }

    @Test
    void a_missing_allowlist_stops_the_synth_naming_the_file_and_the_setting(@TempDir Path dir) {
        Path file = dir.resolve("nope.csv");

        assertThatThrownBy(() -> new CentralStack(new App(), "Central", StackProps.builder().build(),
                configWithAllowlist(file.toString()), Fixtures.fixturePaths()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("allowlist.file: cannot read " + file + " (NoSuchFileException)");
    }

    private static StocktakeConfig configWithAllowlist(String file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Fixtures.resource("test.config.json"));
        root.putObject("allowlist").put("file", file);
        return StocktakeConfig.parse(json.writeValueAsString(root), StocktakeApp.knownRegions());
    }

    private static Map<String, String> column(String name) {
        return Map.of("Name", name, "Type", "string");
    }
}
