package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The compaction handler's environment: every variable required, and a message naming it for every bad value. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompactionConfigTest {

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", "stocktake-reports");
        env.put("REPORT_PREFIX", "credential-reports/");
        env.put("COMPACTED_PREFIX", "compacted-reports/");
        env.put("COMPACTION_STATE_KEY", "compaction/state.json");
        env.put("FIRST_REPORT_DAY", "2026-01-15");
        env.put("SETTLE_DAYS", "3");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                env.remove(keyValues[i]);
            } else {
                env.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return env;
    }

    @Test
    void reads_every_variable() {
        CompactionConfig config = CompactionConfig.fromEnv(env("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));

        assertThat(config).isEqualTo(new CompactionConfig("stocktake", "stocktake", "stocktake-reports", "credential-reports/",
                "compacted-reports/", "compaction/state.json", LocalDate.of(2026, 1, 15), 3, URI.create("http://127.0.0.1:5000")));
    }

    @Test
    void the_endpoint_is_optional_and_values_are_stripped() {
        CompactionConfig config = CompactionConfig.fromEnv(env("SETTLE_DAYS", " 0 ", "COMPACTED_PREFIX", " stocktake/compacted/ "));

        assertThat(config.endpointOverride()).isNull();
        assertThat(config.settleDays()).isZero();
        assertThat(config.compactedPrefix()).isEqualTo("stocktake/compacted/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ATHENA_WORKGROUP", "ATHENA_DATABASE", "REPORT_BUCKET", "REPORT_PREFIX", "COMPACTED_PREFIX",
            "COMPACTION_STATE_KEY", "FIRST_REPORT_DAY", "SETTLE_DAYS"})
    void a_missing_variable_is_named_with_what_is_expected(String name) {
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env(name, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " is not set: expected ");
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env(name, "  ")))
                .hasMessageStartingWith(name + " is not set: expected ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ATHENA_WORKGROUP     | stock take         | an Athena workgroup name",
            "ATHENA_DATABASE      | Stocktake          | a Glue database name",
            "REPORT_BUCKET        | Stocktake_Reports  | the central bucket's name",
            "REPORT_PREFIX        | credential-reports | the raw reports' key prefix ending in '/'",
            "REPORT_PREFIX        | /credential-reports/ | the raw reports' key prefix ending in '/'",
            "COMPACTED_PREFIX     | compacted//reports/ | report_rows_compacted's key prefix",
            "COMPACTED_PREFIX     | compacted reports/ | report_rows_compacted's key prefix",
            "COMPACTION_STATE_KEY | compaction/        | the state object's key",
            "COMPACTION_STATE_KEY | /compaction/state.json | the state object's key",
            "FIRST_REPORT_DAY     | 2026-1-15          | a day yyyy-MM-dd such as 2026-01-01",
            "FIRST_REPORT_DAY     | 2026-02-30         | a day yyyy-MM-dd such as 2026-01-01",
            "SETTLE_DAYS          | 28                 | a whole number from 0 to 27",
            "SETTLE_DAYS          | -1                 | a whole number from 0 to 27",
            "SETTLE_DAYS          | three              | a whole number from 0 to 27",
    })
    void an_invalid_value_is_named_with_what_is_expected(String name, String value, String expected) {
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + "='" + value + "' is not valid: expected ")
                .hasMessageContaining(expected);
    }

    @Test
    void an_endpoint_that_is_not_http_is_named() {
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env("AWS_ENDPOINT_URL", "localhost:5000")))
                .hasMessageStartingWith("AWS_ENDPOINT_URL='localhost:5000' is not an http(s) URL");
    }

    @ParameterizedTest
    @CsvSource({"credential-reports/compacted/, credential-reports/", "reports/, reports/credential-reports/",
            "credential-reports/, credential-reports/"})
    void the_parquet_prefix_never_overlaps_the_raw_reports(String compacted, String reports) {
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env("COMPACTED_PREFIX", compacted, "REPORT_PREFIX", reports)))
                .hasMessageStartingWith("COMPACTED_PREFIX='" + compacted + "' overlaps REPORT_PREFIX='" + reports + "'")
                .hasMessageContaining("must never reach the raw reports");
    }

    @ParameterizedTest
    @ValueSource(strings = {"credential-reports/state.json", "compacted-reports/state.json"})
    void the_state_object_lies_outside_the_tables(String key) {
        assertThatThrownBy(() -> CompactionConfig.fromEnv(env("COMPACTION_STATE_KEY", key)))
                .hasMessageStartingWith("COMPACTION_STATE_KEY='" + key + "' lies under REPORT_PREFIX or COMPACTED_PREFIX");
    }
}
