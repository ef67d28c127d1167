package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.config.ConfigException;
import dev.stocktake.infra.config.OwnerDigestOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code notifier.ownerDigests}: the config read and every error with its JSON path; the notifier's environment and
 * its one SES statement (the digest's sender and configuration set) when they are on, nothing when off.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnerDigestsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** s3managed.config.json (Slack only, through a created secret) with a sender and the owner digests. */
    static ObjectNode slackOnlyWithOwnerDigests() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Fixtures.resource("s3managed.config.json"));
        ObjectNode notifier = (ObjectNode) config.get("notifier");
        notifier.put("sender", "Stocktake <stocktake@example.com>").put("sesConfigurationSet", "stocktake-events");
        notifier.putObject("ownerDigests").put("enabled", true).put("maxUsersPerOwner", 50)
                .put("ownerEmailPattern", ".*@example\\.com");
        return config;
    }

    static StocktakeConfig parse(ObjectNode config) {
        return StocktakeConfig.parse(config.toString(), StocktakeApp.knownRegions());
    }

    @Test
    void off_by_default() throws Exception {
        StocktakeConfig config = Fixtures.config("test.config.json");
        assertThat(config.notifier().ownerDigests()).isEqualTo(OwnerDigestOptions.OFF);
        assertThat(OwnerDigestOptions.OFF).isEqualTo(new OwnerDigestOptions(false, 200, null));
    }

    @Test
    void reads_the_switch_the_maximum_and_the_pattern() throws Exception {
        assertThat(parse(slackOnlyWithOwnerDigests()).notifier().ownerDigests())
                .isEqualTo(new OwnerDigestOptions(true, 50, ".*@example\\.com"));
    }

    static List<Arguments> errors() {
        return List.of(
                Arguments.of("switch as a string", (Consumer<ObjectNode>) d -> d.put("enabled", "yes"),
                        "notifier.ownerDigests.enabled: must be true or false"),
                Arguments.of("maximum of zero", (Consumer<ObjectNode>) d -> d.put("maxUsersPerOwner", 0),
                        "notifier.ownerDigests.maxUsersPerOwner: '0' must be a whole number from 1 to 5000"),
                Arguments.of("maximum as text", (Consumer<ObjectNode>) d -> d.put("maxUsersPerOwner", "200"),
                        "notifier.ownerDigests.maxUsersPerOwner: '\"200\"' must be a whole number from 1 to 5000"),
                Arguments.of("pattern that does not compile", (Consumer<ObjectNode>) d -> d.put("ownerEmailPattern", "*@example.com"),
                        "notifier.ownerDigests.ownerEmailPattern: '*@example.com' is not a Java regular expression (Dangling meta "
                                + "character '*'); e.g. .*@example\\.com"),
                Arguments.of("misspelt field", (Consumer<ObjectNode>) d -> d.put("maxUsers", 10),
                        "notifier.ownerDigests.maxUsers: is not an owner digest setting (enabled, maxUsersPerOwner, ownerEmailPattern)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void a_bad_owner_digest_setting_fails_naming_its_json_path(String name, Consumer<ObjectNode> change, String problem)
            throws Exception {
        ObjectNode config = slackOnlyWithOwnerDigests();
        change.accept((ObjectNode) config.get("notifier").get("ownerDigests"));
        assertThatThrownBy(() -> parse(config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly(problem));
    }

    @Test
    void the_section_must_be_an_object() throws Exception {
        ObjectNode config = slackOnlyWithOwnerDigests();
        ((ObjectNode) config.get("notifier")).put("ownerDigests", true);
        assertThatThrownBy(() -> parse(config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("notifier.ownerDigests: must be a JSON object"));
    }

    @Test
    void on_without_a_sender_fails_naming_what_is_missing() throws Exception {
        ObjectNode config = slackOnlyWithOwnerDigests();
        ((ObjectNode) config.get("notifier")).remove("sender");
        assertThatThrownBy(() -> parse(config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("notifier.ownerDigests.enabled: needs notifier.sender: the owners' "
                        + "emails go out from the digest's sender, a verified SES identity"));
    }

    @Test
    void on_without_a_digest_channel_fails() throws Exception {
        ObjectNode config = slackOnlyWithOwnerDigests();
        ((ObjectNode) config.get("notifier")).remove("createSlackSecret");
        assertThatThrownBy(() -> parse(config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("notifier.ownerDigests.enabled: needs the digest: the owners' "
                        + "emails go out after it (set notifier.recipients, or a Slack webhook secret)"));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Deployed {
        StocktakeApp.Stacks stacks;
        Template template;

        @BeforeAll
        void synthesize() throws Exception {
            Path out = Files.createTempDirectory("stocktake-cdk");
            App app = StocktakeApp.newApp(out.resolve("cdk.out").toString());
            stacks = StocktakeApp.define(app, parse(slackOnlyWithOwnerDigests()), Fixtures.paths(), out.resolve("member"));
            template = Template.fromStack(stacks.reporting());
        }

        @Test
        void the_notifier_gets_the_owner_digest_settings_and_the_sender_without_digest_recipients() {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-notifier",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "OWNER_DIGESTS", "true",
                            "OWNER_DIGEST_MAX_USERS", "50",
                            "OWNER_EMAIL_PATTERN", ".*@example\\.com",
                            "DIGEST_SENDER", "Stocktake <stocktake@example.com>",
                            "SES_CONFIGURATION_SET", "stocktake-events",
                            "DIGEST_RECIPIENTS", Match.absent()))))));
        }

        @Test
        void an_alarm_on_owner_digest_failures_goes_to_the_reporting_topic() {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "stocktake-owner-digest-failures",
                    "MetricName", "OwnerDigestFailures",
                    "Namespace", "Stocktake",
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", "stocktake-notifier")),
                    "Threshold", 1,
                    "AlarmActions", Match.anyValue())));
        }

        @Test
        void the_owner_digests_send_under_the_digests_ses_statement_the_sender_its_domain_and_the_configuration_set() {
            Map<String, Map<String, Object>> sid = new HashMap<>();
            Json.roleStatements(template, stacks.reporting().notifier().role()).forEach(s -> sid.put((String) s.get("Sid"), s));
            Map<String, Object> send = sid.get("SendDigest");
            assertThat(send).as("the SES statement").isNotNull();
            assertThat(Json.list(send.get("Action"))).containsExactly("ses:SendEmail");
            assertThat(Json.list(send.get("Resource"))).hasSize(3).allSatisfy(r -> assertThat(r.toString())
                    .containsAnyOf(":identity/stocktake@example.com", ":identity/example.com", ":configuration-set/stocktake-events"));
            assertThat(Json.list(send.get("Resource")).toString()).doesNotContain("identity/*");
        }
    }

    @Test
    void off_the_notifier_has_no_owner_digest_variable_and_no_owner_digest_alarm() {
        Template template = Template.fromStack(Fixtures.stacks("test.config.json", Fixtures.fixturePaths()).reporting());
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("MetricName", "OwnerDigestFailures")))))).isEmpty();
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "stocktake-notifier",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "OWNER_DIGESTS", Match.absent(), "OWNER_DIGEST_MAX_USERS", Match.absent(),
                        "OWNER_EMAIL_PATTERN", Match.absent()))))));
    }
}
