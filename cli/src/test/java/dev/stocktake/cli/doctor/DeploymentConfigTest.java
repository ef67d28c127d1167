package dev.stocktake.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeploymentConfigTest {

    @TempDir
    Path dir;

    @Test
    void the_committed_example_config_reads_with_its_values() {
        DeploymentConfig config = DeploymentConfig.read(Path.of("../infra-cdk/stocktake.config.json"));

        assertThat(config.managementAccountId()).isEqualTo("111111111111");
        assertThat(config.centralAccountId()).isEqualTo("222222222222");
        assertThat(config.collectorRegion()).isEqualTo("ap-northeast-1");
        assertThat(config.bucket()).isEqualTo("stocktake-reports-222222222222-ap-northeast-1");
        assertThat(config.reportTimeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(config.delegatedAdmin()).isFalse();
        assertThat(config.stackSetAdminAccountId()).isEqualTo("111111111111");
        assertThat(config.notifierDeployed()).isTrue();
        assertThat(config.compactionEnabled()).isTrue();
    }

    @Test
    void defaults_are_the_cdk_apps() throws IOException {
        DeploymentConfig config = DeploymentConfig.read(write("""
                {"managementAccountId": "111111111111", "centralAccountId": "222222222222", "centralRegion": "eu-west-1",
                 "collectorRegions": ["eu-west-1"], "targetOuIds": ["ou-ab12-abcdefgh"]}"""));

        assertThat(config.reportPrefix()).isEqualTo("credential-reports/");
        assertThat(config.reportTimeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.databaseName()).isEqualTo("stocktake");
        assertThat(config.notifierDeployed()).isFalse();
        assertThat(config.compactionEnabled()).isTrue();
        assertThat(config.targetOuIds()).isEqualTo(List.of("ou-ab12-abcdefgh"));
    }

    @Test
    void a_delegated_administrator_needs_its_account_and_becomes_the_stackset_administrator() throws IOException {
        String base = """
                {"managementAccountId": "111111111111", "centralAccountId": "222222222222", "centralRegion": "eu-west-1",
                 "collectorRegions": ["eu-west-1"], "targetOuIds": ["r-ab12"], "stackSet": %s}""";

        assertThatThrownBy(() -> DeploymentConfig.read(write(base.formatted("{\"callAs\": \"DELEGATED_ADMIN\"}"))))
                .isInstanceOf(DoctorException.class)
                .hasMessageContaining("stackSet.delegatedAdminAccountId: required with stackSet.callAs DELEGATED_ADMIN");
        DeploymentConfig config = DeploymentConfig.read(write(base.formatted(
                "{\"callAs\": \"DELEGATED_ADMIN\", \"delegatedAdminAccountId\": \"333333333333\"}")));
        assertThat(config.delegatedAdmin()).isTrue();
        assertThat(config.stackSetAdminAccountId()).isEqualTo("333333333333");
    }

    @Test
    void every_bad_field_is_named_with_the_file() throws IOException {
        Path file = write("""
                {"managementAccountId": 111111111111, "centralAccountId": "222222222222", "centralRegion": "Tokyo",
                 "collectorRegions": ["eu-west-1", "us-east-1"], "targetOuIds": ["ou-x"], "reportTimeZone": "Mars/Base",
                 "stackSet": {"callAs": "ADMIN"}, "compaction": {"enabled": "yes"}}""");

        assertThatThrownBy(() -> DeploymentConfig.read(file)).isInstanceOf(DoctorException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("managementAccountId: must be a string")
                .hasMessageContaining("centralRegion: 'Tokyo' is not a region code")
                .hasMessageContaining("collectorRegions: must name exactly one region")
                .hasMessageContaining("targetOuIds: 'ou-x' is not an OU ID")
                .hasMessageContaining("reportTimeZone: 'Mars/Base' is not a time zone")
                .hasMessageContaining("stackSet.callAs: 'ADMIN' must be SELF or DELEGATED_ADMIN")
                .hasMessageContaining("compaction.enabled: must be true or false");
    }

    @Test
    void a_file_that_is_not_json_says_so() throws IOException {
        assertThatThrownBy(() -> DeploymentConfig.read(write("{ not json"))).isInstanceOf(DoctorException.class)
                .hasMessageContaining("not valid JSON");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("config-" + System.nanoTime() + ".json"), json);
    }
}
