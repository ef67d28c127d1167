package dev.stocktake.directory.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CoverageConfigTest {

    @Test
    void fromEnv_reads_workgroup_database_zone_and_endpoint() {
        assertThat(CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "stocktake", "ATHENA_DATABASE", "stocktake",
                "REPORT_TIME_ZONE", "Asia/Tokyo", "AWS_ENDPOINT_URL", "http://localhost:5000")))
                .isEqualTo(new CoverageConfig("stocktake", "stocktake", ZoneId.of("Asia/Tokyo"), URI.create("http://localhost:5000")));
        assertThat(CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "d")).timeZone())
                .isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void fromEnv_names_the_missing_or_malformed_variable() {
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_DATABASE", "d")))
                .hasMessage("ATHENA_WORKGROUP is not set");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w")))
                .hasMessage("ATHENA_DATABASE is not set");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "Bad-Name")))
                .hasMessage("ATHENA_DATABASE is not a Glue database name (a-z, 0-9, _): Bad-Name");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "d",
                "REPORT_TIME_ZONE", "Mars/Olympus")))
                .hasMessage("REPORT_TIME_ZONE is not a time zone: Mars/Olympus");
    }
}
