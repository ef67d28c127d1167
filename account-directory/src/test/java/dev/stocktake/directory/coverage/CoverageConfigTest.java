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
    void reads_the_workgroup_database_zone_and_endpoint() {
        assertThat(CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "stocktake", "ATHENA_DATABASE", "stocktake",
                "REPORT_TIME_ZONE", "Asia/Tokyo", "AWS_ENDPOINT_URL", "http://localhost:5000")))
                .isEqualTo(new CoverageConfig("stocktake", "stocktake", ZoneId.of("Asia/Tokyo"), URI.create("http://localhost:5000")));
        assertThat(CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "d")).timeZone())
                .isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void a_missing_or_malformed_value_names_the_variable() {
        // the same messages as the digest's and the collector's checks of these variables
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_DATABASE", "d")))
                .hasMessage("ATHENA_WORKGROUP is not set: expected an Athena workgroup name such as stocktake");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w")))
                .hasMessage("ATHENA_DATABASE is not set: expected a Glue database name (lower case, digits, _) such as stocktake");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "Bad-Name")))
                .hasMessage("ATHENA_DATABASE='Bad-Name' is not valid: expected a Glue database name (lower case, digits, _) "
                        + "such as stocktake");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "d",
                "REPORT_TIME_ZONE", "Mars/Olympus")))
                .hasMessage("REPORT_TIME_ZONE='Mars/Olympus' is not a time zone: use an IANA name such as UTC, Asia/Tokyo "
                        + "or Europe/Berlin");
        assertThatThrownBy(() -> CoverageConfig.fromEnv(Map.of("ATHENA_WORKGROUP", "w", "ATHENA_DATABASE", "d",
                "AWS_ENDPOINT_URL", "localhost:5000")))
                .hasMessageStartingWith("AWS_ENDPOINT_URL='localhost:5000' is not an http(s) URL");
    }
}
