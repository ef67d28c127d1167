package dev.stocktake.notifier.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code OWNER_DIGESTS}, {@code OWNER_DIGEST_MAX_USERS}, {@code OWNER_EMAIL_PATTERN}: defaults and every error. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnerDigestConfigTest {

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DIGEST_SENDER", "Stocktake <stocktake@example.com>");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void off_unless_enabled() {
        assertThat(OwnerDigestConfig.fromEnv(env())).isNull();
        assertThat(OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "false"))).isNull();
    }

    @Test
    void on_with_the_defaults_and_the_digests_sender_and_configuration_set() {
        OwnerDigestConfig config = OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "true", "SES_CONFIGURATION_SET", "stocktake"));

        assertThat(config.maxUsersPerOwner()).isEqualTo(200);
        assertThat(config.ownerEmailPattern()).isNull();
        assertThat(config.sender()).isEqualTo("Stocktake <stocktake@example.com>");
        assertThat(config.sesConfigurationSet()).isEqualTo("stocktake");
        assertThat(config.mailable("team-a@example.com")).isTrue();
        assertThat(config.mailable("team-a")).isFalse();
        assertThat(config.mailable(null)).isFalse();
    }

    @Test
    void the_pattern_matches_the_whole_address_in_any_case() {
        OwnerDigestConfig config = OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "true", "OWNER_DIGEST_MAX_USERS", "50",
                "OWNER_EMAIL_PATTERN", ".*@example\\.com"));

        assertThat(config.maxUsersPerOwner()).isEqualTo(50);
        assertThat(config.mailable("Team-A@EXAMPLE.com")).isTrue();
        assertThat(config.mailable("team-a@example.com.evil.org")).isFalse();
        assertThat(config.mailable("team-a@other.org")).isFalse();
    }

    @Test
    void bad_values_fail_naming_the_variable() {
        assertThatThrownBy(() -> OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "yes")))
                .hasMessage("OWNER_DIGESTS='yes' is not true or false");
        assertThatThrownBy(() -> OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "true", "OWNER_DIGEST_MAX_USERS", "0")))
                .hasMessage("OWNER_DIGEST_MAX_USERS='0' is not a whole number from 1 to 5000 (the IAM users one owner's email lists)");
        assertThatThrownBy(() -> OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "true", "OWNER_DIGEST_MAX_USERS", "many")))
                .hasMessageStartingWith("OWNER_DIGEST_MAX_USERS='many' is not a whole number");
        assertThatThrownBy(() -> OwnerDigestConfig.fromEnv(env("OWNER_DIGESTS", "true", "OWNER_EMAIL_PATTERN", "*@example.com")))
                .hasMessageStartingWith("OWNER_EMAIL_PATTERN='*@example.com' is not a regular expression (dangling meta character '*')");
        Map<String, String> noSender = env("OWNER_DIGESTS", "true");
        noSender.remove("DIGEST_SENDER");
        assertThatThrownBy(() -> OwnerDigestConfig.fromEnv(noSender))
                .hasMessageStartingWith("DIGEST_SENDER is not set: give the From address of the owner digests");
    }
}
