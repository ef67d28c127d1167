package dev.stocktake.support.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stocktake.support.storage.ObjectLockRetention.Mode;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ObjectLockRetentionTest {

    private static final String MODE = "X_LOCK_MODE";
    private static final String DAYS = "X_LOCK_DAYS";
    private static final String WHAT = "each test object";

    /** The retention {@code X_LOCK_MODE} and {@code X_LOCK_DAYS} give; a {@code null} value leaves the variable out. */
    private static ObjectLockRetention read(String mode, String days) {
        Map<String, String> env = new HashMap<>(Map.of("OTHER", "x"));
        if (mode != null) {
            env.put(MODE, mode);
        }
        if (days != null) {
            env.put(DAYS, days);
        }
        return ObjectLockRetention.fromEnv(env, MODE, DAYS, WHAT);
    }

    @Nested
    class The_record {

        @Test
        void holds_a_mode_and_1_to_36500_days() {
            assertThat(new ObjectLockRetention(Mode.GOVERNANCE, 1).days()).isEqualTo(1);
            assertThat(new ObjectLockRetention(Mode.COMPLIANCE, 36_500).mode()).isEqualTo(Mode.COMPLIANCE);
            assertThat(ObjectLockRetention.MAX_DAYS).as("S3's longest retention period, 100 years").isEqualTo(36_500);
        }

        @Test
        void refuses_no_mode() {
            assertThatThrownBy(() -> new ObjectLockRetention(null, 30))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An Object Lock retention needs a mode: GOVERNANCE or COMPLIANCE");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 36_501, Integer.MAX_VALUE, Integer.MIN_VALUE})
        void refuses_days_outside_1_to_36500(int days) {
            assertThatThrownBy(() -> new ObjectLockRetention(Mode.GOVERNANCE, days))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An Object Lock retention is 1 to 36500 days, got " + days);
        }

        @Test
        void retains_until_the_write_plus_the_days() {
            assertThat(new ObjectLockRetention(Mode.COMPLIANCE, 30).retainUntil(Instant.parse("2026-11-28T09:30:00Z")))
                    .isEqualTo(Instant.parse("2026-12-28T09:30:00Z"));
            assertThat(new ObjectLockRetention(Mode.GOVERNANCE, 1).retainUntil(Instant.parse("2028-02-28T23:59:59.123Z")))
                    .as("whole days of 24 hours, across a leap day")
                    .isEqualTo(Instant.parse("2028-02-29T23:59:59.123Z"));
            assertThat(new ObjectLockRetention(Mode.GOVERNANCE, 36_500).retainUntil(Instant.parse("2026-01-01T00:00:00Z")))
                    .isEqualTo(Instant.parse("2125-12-08T00:00:00Z"));
        }
    }

    @Nested
    class From_the_environment {

        @Test
        void both_unset_means_no_retention() {
            assertThat(read(null, null)).isNull();
            assertThat(ObjectLockRetention.fromEnv(Map.of(), MODE, DAYS, WHAT)).isNull();
        }

        @Test
        void both_blank_means_no_retention_as_unset_does() {
            assertThat(read("", "")).isNull();
            assertThat(read("  ", " ")).isNull();
        }

        @Test
        void reads_either_mode_and_the_days() {
            assertThat(read("GOVERNANCE", "400")).isEqualTo(new ObjectLockRetention(Mode.GOVERNANCE, 400));
            assertThat(read("COMPLIANCE", "1")).isEqualTo(new ObjectLockRetention(Mode.COMPLIANCE, 1));
            assertThat(read("COMPLIANCE", "36500")).isEqualTo(new ObjectLockRetention(Mode.COMPLIANCE, 36_500));
        }

        @Test
        void strips_the_values() {
            assertThat(read(" COMPLIANCE ", "\t30\n")).isEqualTo(new ObjectLockRetention(Mode.COMPLIANCE, 30));
        }

        @Test
        void a_mode_without_days_names_both_variables_the_value_and_what_to_set() {
            assertThatThrownBy(() -> read("GOVERNANCE", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("X_LOCK_DAYS is not set but X_LOCK_MODE='GOVERNANCE' is: set X_LOCK_DAYS to a whole number"
                            + " of days from 1 to 36500 (how long each test object stays locked from its write), or unset"
                            + " X_LOCK_MODE for no per-object retention");
            assertThatThrownBy(() -> read("COMPLIANCE", " "))
                    .as("blank days are unset days")
                    .hasMessageStartingWith("X_LOCK_DAYS is not set but X_LOCK_MODE='COMPLIANCE' is");
        }

        @Test
        void days_without_a_mode_are_refused_rather_than_ignored() {
            assertThatThrownBy(() -> read(null, "30"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("X_LOCK_MODE is not set but X_LOCK_DAYS='30' is: set X_LOCK_MODE to GOVERNANCE or"
                            + " COMPLIANCE (the S3 Object Lock mode of each test object), or unset X_LOCK_DAYS for no"
                            + " per-object retention");
            assertThatThrownBy(() -> read("", "30"))
                    .as("a blank mode is an unset mode")
                    .hasMessageStartingWith("X_LOCK_MODE is not set but X_LOCK_DAYS='30' is");
        }

        @Test
        void a_one_sided_setting_is_refused_even_when_the_set_value_is_malformed() {
            assertThatThrownBy(() -> read(null, "forever"))
                    .hasMessageStartingWith("X_LOCK_MODE is not set but X_LOCK_DAYS='forever' is");
            assertThatThrownBy(() -> read("STRICT", null))
                    .hasMessageStartingWith("X_LOCK_DAYS is not set but X_LOCK_MODE='STRICT' is");
        }

        @ParameterizedTest
        @ValueSource(strings = {"governance", "Compliance", "LEGAL_HOLD", "NONE", "GOVERNANCE,COMPLIANCE", "GOVERNANCE COMPLIANCE"})
        void an_unknown_mode_names_the_variable_its_value_and_the_allowed_values(String mode) {
            assertThatThrownBy(() -> read(mode, "30"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("X_LOCK_MODE='" + mode + "' is not valid: expected GOVERNANCE or COMPLIANCE (the S3 Object"
                            + " Lock mode of each test object), or unset for no per-object retention (then unset"
                            + " X_LOCK_DAYS too)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "00", "-1", "+30", "1.5", "30d", "1e3", "036", "36501", "99999", "100000", "2147483648",
                "99999999999999999999", "thirty"})
        void days_that_are_not_a_whole_number_from_1_to_36500_name_the_variable_and_its_value(String days) {
            assertThatThrownBy(() -> read("GOVERNANCE", days))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("X_LOCK_DAYS='" + days + "' is not valid: expected a whole number of days from 1 to 36500"
                            + " (how long each test object stays locked from its write)");
        }

        @Test
        void a_bad_mode_is_reported_before_bad_days() {
            assertThatThrownBy(() -> read("STRICT", "0")).hasMessageStartingWith("X_LOCK_MODE='STRICT' is not valid");
        }

        @Test
        void reads_only_the_variables_it_is_given() {
            Map<String, String> env = Map.of("REPORT_LOCK_MODE", "GOVERNANCE", "REPORT_LOCK_DAYS", "30",
                    "EXPORT_LOCK_MODE", "COMPLIANCE", "EXPORT_LOCK_DAYS", "400");
            assertThat(ObjectLockRetention.fromEnv(env, "EXPORT_LOCK_MODE", "EXPORT_LOCK_DAYS", WHAT))
                    .isEqualTo(new ObjectLockRetention(Mode.COMPLIANCE, 400));
            assertThat(ObjectLockRetention.fromEnv(env, "REPORT_LOCK_MODE", "REPORT_LOCK_DAYS", WHAT))
                    .isEqualTo(new ObjectLockRetention(Mode.GOVERNANCE, 30));
            assertThat(ObjectLockRetention.fromEnv(env, "OTHER_LOCK_MODE", "OTHER_LOCK_DAYS", WHAT)).isNull();
        }
    }
}
