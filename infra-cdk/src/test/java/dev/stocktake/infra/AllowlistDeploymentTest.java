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
 * The deployed files: the central stack validates the repository's allowlist and identity mapping at synth, deploys
 * exactly those files to {@code s3://<bucket>/allowlist/allowlist.csv} and {@code identity-mapping/identity-mapping.csv},
 * generates {@code migration-settings/migration-settings.csv} and {@code milestones/milestones.csv} from the config's
 * {@code migration} section, defines the {@code allowlist} Glue table, and its bucket policy keeps collectors out of
 * those prefixes and CDK's deployment handler in them.
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
        assertThat(staged("allowlist/", "allowlist.csv"))
                .hasSameBinaryContentAs(Fixtures.paths().root().resolve("allowlist/allowlist.csv"));
    }

    @Test
    void the_repositorys_identity_mapping_is_deployed_byte_for_byte() throws IOException {
        assertThat(staged("identity-mapping/", "identity-mapping.csv"))
                .hasSameBinaryContentAs(Fixtures.paths().root().resolve("allowlist/identity-mapping.csv"));
    }

    @Test
    void the_migration_settings_and_milestones_are_generated_from_the_config() throws IOException {
        // test.config.json: idleDays 60, userEmailTag mail, a root default owner, two organization milestones and an OU's
        assertThat(Files.readString(staged("migration-settings/", "migration-settings.csv"))).isEqualTo("""
                setting,scope,value
                idle_days,,60
                user_email_tag,,mail
                user_owner_tag,,owner
                account_owner_tag,,owner
                default_owner,r-ab12,platform-team@example.com
                default_owner,,cloud-office@example.com
                """);
        assertThat(Files.readString(staged("milestones/", "milestones.csv"))).isEqualTo("""
                day,max_console_users,scope,name
                2027-03-31,100,,under 100
                2027-09-30,0,,zero
                2027-03-31,10,ou-ab12-cdef3456,
                """);
    }

    @Test
    void the_four_files_share_one_deployment_handler_and_each_prunes_its_own_prefix() {
        Map<String, Map<String, Object>> deployments = Json.resources(template, "Custom::CDKBucketDeployment");
        assertThat(deployments.values().stream().map(d -> Json.props(d).get("DestinationBucketKeyPrefix")))
                .containsExactlyInAnyOrder("allowlist/", "identity-mapping/", "migration-settings/", "milestones/");
        assertThat(deployments.values().stream().map(d -> Json.props(d).get("ServiceToken")).distinct()).hasSize(1);
        assertThat(deployments.values()).allSatisfy(d -> {
            assertThat(Json.props(d)).containsEntry("Prune", true);
            assertThat(Json.props(d).get("DestinationBucketName")).isEqualTo(Map.of("Ref", Nag.logicalId(central.reportBucket())));
        });
    }

    /** The staged asset of the deployment under {@code prefix}: exactly one file, {@code name}. */
    private static Path staged(String prefix, String name) throws IOException {
        Map<String, Object> props = Json.resources(template, "Custom::CDKBucketDeployment").values().stream().map(Json::props)
                .filter(p -> prefix.equals(p.get("DestinationBucketKeyPrefix"))).findFirst().orElseThrow();
        String zip = Json.list(props.get("SourceObjectKeys")).getFirst();
        Path dir = Path.of(((App) central.getNode().getRoot()).getOutdir()).resolve("asset." + zip.replace(".zip", ""));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(name);
        }
        return dir.resolve(name);
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
    void bucket_policy_keeps_collectors_out_of_the_deployed_files_and_the_deployment_handler_in_them() {
        Map<String, Object> handlerRoleArn = Map.of("Fn::GetAtt",
                List.of(Nag.logicalId(central.allowlistDeployment().getHandlerRole()), "Arn"));
        Map<String, Object> bucketArn = Map.of("Fn::GetAtt", List.of(Nag.logicalId(central.reportBucket()), "Arn"));
        List<String> prefixes = List.of("allowlist/", "identity-mapping/", "migration-settings/", "milestones/");
        List<Object> files = prefixes.stream().map(p -> (Object) Map.of("Fn::Join", List.of("", List.of(bucketArn, "/" + p + "*"))))
                .toList();
        List<Map<String, Object>> statements = Json.statements(template, "AWS::S3::BucketPolicy", "PolicyDocument");

        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "CollectorsNeverTouchDeployedFiles").containsEntry("Effect", "Deny")
                    .containsEntry("Action", "s3:*");
            assertThat(s.get("Resource")).isEqualTo(files);
            assertThat(s.get("Condition")).isEqualTo(Map.of("ArnLike",
                    Map.of("aws:PrincipalArn", "arn:aws:iam::*:role/stocktake-collector")));
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "FileDeploymentOnlyUnderItsPrefixes").containsEntry("Effect", "Deny")
                    .containsEntry("Action", "s3:*");
            List<Object> allowed = new java.util.ArrayList<>(files);
            allowed.add(bucketArn);
            assertThat((List<Object>) s.get("NotResource")).containsExactlyInAnyOrderElementsOf(allowed);
            assertThat(s.get("Condition")).isEqualTo(Map.of("ArnEquals", Map.of("aws:PrincipalArn", handlerRoleArn)));
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Sid", "FileDeploymentListsOnlyItsPrefixes").containsEntry("Effect", "Deny");
            assertThat(Json.list(s.get("Action"))).containsExactly("s3:ListBucket", "s3:ListBucketVersions");
            assertThat(s.get("Resource")).isEqualTo(bucketArn);
            assertThat(s.get("Condition")).isEqualTo(Map.of(
                    "ArnEquals", Map.of("aws:PrincipalArn", handlerRoleArn),
                    "StringNotLike", Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList())));
        });
    }

    @Test
    void an_invalid_identity_mapping_stops_the_synth_with_its_own_line_and_field_messages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity-mapping.csv");
        Files.writeString(file, """
                account,iam_user,identity_center_user,reason
                12345,alice,alice@example.com,moved in 2026
                """);
        assertThatThrownBy(() -> new CentralStack(new App(), "Central", StackProps.builder().build(),
                configWith(root -> ((ObjectNode) root.get("migration")).put("identityMappingFile", file.toString())),
                Fixtures.fixturePaths()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("migration.identityMappingFile: " + file + " is not a valid identity mapping (1 problem):")
                        .contains(file + ":2: account: ")
                        .contains("./stocktake mapping check " + file));
    }

    @Test
    void a_missing_identity_mapping_stops_the_synth_naming_the_file_and_the_setting(@TempDir Path dir) {
        Path file = dir.resolve("nope.csv");
        assertThatThrownBy(() -> new CentralStack(new App(), "Central", StackProps.builder().build(),
                configWith(root -> ((ObjectNode) root.get("migration")).put("identityMappingFile", file.toString())),
                Fixtures.fixturePaths()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("migration.identityMappingFile: cannot read " + file + " (NoSuchFileException)");
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
        return configWith(root -> root.putObject("allowlist").put("file", file));
    }

    private static StocktakeConfig configWith(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Fixtures.resource("test.config.json"));
        change.accept(root);
        return StocktakeConfig.parse(json.writeValueAsString(root), StocktakeApp.knownRegions());
    }

    private static Map<String, String> column(String name) {
        return Map.of("Name", name, "Type", "string");
    }
}
