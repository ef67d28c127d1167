package dev.stocktake.notifier.alert;

import static dev.stocktake.notifier.alert.AlertFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stocktake.allowlist.Allowlist;

/** Burst grouping, the Slack message, the email and the allowlist status, as a reader sees them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertRenderingTest {

    static final Instant T0 = Instant.parse("2026-03-15T09:12:01Z");

    static Alert alert(String json, String accountName, String status) {
        CloudTrailEvent event = CloudTrailEvent.parse(json);
        return new Alert("m-" + event.eventId(), event, accountName, status);
    }

    static List<Alert> burstOf(int n) {
        return IntStream.range(0, n).mapToObj(i -> alert(AlertFixtures.createUser("e-" + i, String.format("batch-user-%02d", i),
                T0.plusMillis(400L * i)), "prod", "not listed")).toList();
    }

    static JsonNode json(String text) throws Exception {
        return AlertFixtures.JSON.readTree(text);
    }

    @Nested
    class Grouping {

        @Test
        void fifty_creations_by_one_principal_are_one_burst() {
            List<Burst> bursts = Burst.group(burstOf(50), Duration.ofMinutes(5));

            assertThat(bursts).hasSize(1);
            assertThat(bursts.getFirst().alerts()).hasSize(50);
            assertThat(bursts.getFirst().actorArn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        }

        @Test
        void different_principals_and_accounts_are_separate_and_a_later_event_starts_a_new_burst() {
            List<Alert> alerts = new ArrayList<>(burstOf(3));
            alerts.add(alert(fixture("create-login-profile-by-assumed-role.json"), "sandbox", "not listed"));
            alerts.add(alert(AlertFixtures.createUser("late", "late-user", T0.plus(Duration.ofMinutes(6))), "prod", "not listed"));
            alerts.add(alert(fixture("create-user-by-iam-user.json", Map.of("account", "999988887777",
                    "detail.recipientAccountId", "999988887777", "detail.eventID", "other-account")), "dev", "not listed"));

            List<Burst> bursts = Burst.group(alerts, Duration.ofMinutes(5));

            assertThat(bursts).extracting(b -> b.accountId() + " " + b.alerts().size())
                    .containsExactly("111122223333 3", "999988887777 1", "111122223333 1", "444455556666 1");
        }
    }

    @Nested
    class Slack {

        @Test
        void one_creation_shows_account_principal_source_ip_time_user_and_allowlist_status() throws Exception {
            Alert alert = alert(fixture("create-user-by-iam-user.json"), "prod", "not listed");

            JsonNode message = json(AlertSlack.render(new Burst("111122223333", "x", List.of(alert)), 10));

            assertThat(message.path("text").asText())
                    .isEqualTo("Stocktake: IAM user created: deploy-bot in prod (111122223333) by arn:aws:iam::111122223333:user/alice");
            assertThat(message.at("/blocks/0/text/text").asText())
                    .isEqualTo(":rotating_light: IAM user created: deploy-bot in prod (111122223333)");
            assertThat(message.at("/blocks/1/text/text").asText()).isEqualTo("*Account:* prod (111122223333)\n"
                    + "*By:* `arn:aws:iam::111122223333:user/alice`\n*From:* 203.0.113.10\n*When:* 2026-03-15 09:12:01 UTC");
            assertThat(message.at("/blocks/2/text/text").asText())
                    .isEqualTo("\u2022 09:12:01 CreateUser deploy-bot \u2014 allowlist: not listed");
        }

        @Test
        void a_burst_of_fifty_is_one_message_with_a_summary_the_first_ten_and_and_forty_more() throws Exception {
            Burst burst = Burst.group(burstOf(50), Duration.ofMinutes(5)).getFirst();

            JsonNode message = json(AlertSlack.render(burst, 10));

            assertThat(message.at("/blocks/0/text/text").asText())
                    .isEqualTo(":rotating_light: 50 IAM changes: 50 CreateUser in prod (111122223333)");
            assertThat(message.at("/blocks/1/text/text").asText()).contains("*When:* 2026-03-15 09:12:01 \u2013 09:12:20 UTC");
            String items = message.at("/blocks/2/text/text").asText();
            assertThat(items.lines()).hasSize(11);
            assertThat(items).startsWith("\u2022 09:12:01 CreateUser batch-user-00 \u2014 allowlist: not listed")
                    .contains("batch-user-09").doesNotContain("batch-user-10").endsWith("\u2026and 40 more");
        }

        @Test
        void slack_control_characters_in_names_are_escaped() throws Exception {
            Alert alert = alert(fixture("create-user-by-iam-user.json"), "team <a&b>", "not listed");

            JsonNode message = json(AlertSlack.render(new Burst("111122223333", "x", List.of(alert)), 10));

            assertThat(message.at("/blocks/1/text/text").asText()).startsWith("*Account:* team &lt;a&amp;b&gt; (111122223333)");
        }

        @Test
        void the_notification_text_escapes_names_a_caller_chose() throws Exception {
            Alert alert = alert(fixture("create-user-by-iam-user.json", Map.of("detail.requestParameters.userName",
                    "<!channel> <https://example.com|x>")), "prod", "not listed");

            JsonNode message = json(AlertSlack.render(new Burst("111122223333", "x", List.of(alert)), 10));

            assertThat(message.path("text").asText())
                    .isEqualTo("Stocktake: IAM user created: &lt;!channel&gt; &lt;https://example.com|x&gt; in prod (111122223333)"
                            + " by arn:aws:iam::111122223333:user/alice")
                    .doesNotContain("<!channel>");
        }

        @Test
        void a_denied_attempt_says_it_failed_and_nothing_changed() throws Exception {
            Alert alert = alert(fixture("create-user-access-denied.json"), "prod", "not listed");

            JsonNode message = json(AlertSlack.render(new Burst("111122223333", "x", List.of(alert)), 10));

            assertThat(message.at("/blocks/0/text/text").asText()).isEqualTo(":rotating_light: Failed CreateUser (AccessDenied): sneaky in prod (111122223333)");
            assertThat(message.at("/blocks/2/text/text").asText()).contains("FAILED (AccessDenied), nothing changed");
        }

        @Test
        void an_aws_service_is_named_as_one_and_an_account_without_a_name_by_its_id() throws Exception {
            Alert alert = alert(fixture("delete-user-by-aws-service.json"), "777788889999", "not listed");

            JsonNode message = json(AlertSlack.render(new Burst("777788889999", "x", List.of(alert)), 10));

            assertThat(message.at("/blocks/1/text/text").asText()).startsWith("*Account:* 777788889999\n"
                    + "*By:* `cloudformation.amazonaws.com (an AWS service)`");
        }
    }

    @Nested
    class Email {

        @Test
        void one_creation_names_everything_the_issue_asks_for() {
            Alert alert = alert(fixture("create-access-key-by-root.json"), "prod", "allowed (owner ops@example.com, until 2026-12-31)");

            AlertEmail.Message message = AlertEmail.render(new Burst("111122223333", "x", List.of(alert)));

            assertThat(message.subject()).isEqualTo("Stocktake alert: access key created in prod (111122223333): legacy-backup");
            assertThat(message.text()).contains("Account:    prod (111122223333)\n")
                    .contains("By:         arn:aws:iam::111122223333:root\n")
                    .contains("Source IP:  192.0.2.44\n")
                    .contains("When:       2026-03-15 11:30:07 UTC\n")
                    .contains("User:       legacy-backup\n")
                    .contains("Access key: AKIAEXAMPLEBACKUP123\n")
                    .contains("Allowlist:  allowed (owner ops@example.com, until 2026-12-31)\n");
            assertThat(message.html()).contains("<b>legacy-backup</b>").contains("#1e7b34");
        }

        @Test
        void a_burst_lists_every_creation_in_both_bodies() {
            Burst burst = Burst.group(burstOf(50), Duration.ofMinutes(5)).getFirst();

            AlertEmail.Message message = AlertEmail.render(burst);

            // how SES receives the message is read back from the wire in AlertIntegrationTest
            assertThat(message.subject()).isEqualTo("Stocktake alert: 50 IAM creations in prod (111122223333) (50 CreateUser)");
            assertThat(message.text().lines().filter(l -> l.startsWith("- "))).hasSize(50);
            assertThat(message.html()).contains("batch-user-0").contains("batch-user-49");
        }

        @Test
        void html_is_escaped() {
            Alert alert = alert(fixture("create-user-by-iam-user.json"), "a<b>&\"", "not listed");

            assertThat(AlertEmail.render(new Burst("111122223333", "x", List.of(alert))).html())
                    .contains("a&lt;b&gt;&amp;&quot;").doesNotContain("a<b>");
        }
    }

    @Nested
    class AllowlistStatus {

        static final LocalDate DAY = LocalDate.of(2026, 3, 15);
        static final Allowlist LIST = Allowlist.parse("allowlist.csv", (Allowlist.HEADER + "\n"
                + "prod,deploy-bot,access-keys,platform@example.com,CI deploys,OPS-1,2026-12-31\n"
                + "111122223333,legacy-*,console,ops@example.com,old backup,,2026-12-31\n"
                + "*,vendor-support,console,vendors@example.com,vendor access,,2026-01-31\n").getBytes(StandardCharsets.UTF_8));

        String status(String fixture, String accountName) {
            CloudTrailEvent event = CloudTrailEvent.parse(fixture(fixture));
            return new AllowlistSource.Loaded(LIST, null).status(event, accountName, DAY);
        }

        @Test
        void listed_by_account_name_is_allowed_with_owner_and_expiry() {
            assertThat(status("create-user-by-iam-user.json", "prod")).isEqualTo("allowed (owner platform@example.com, until 2026-12-31)");
            assertThat(status("create-user-by-iam-user.json", "staging")).isEqualTo("not listed");
        }

        @Test
        void an_access_key_for_a_console_only_entry_is_a_violation() {
            assertThat(status("create-access-key-by-root.json", "prod"))
                    .isEqualTo("violation: listed for console only (owner ops@example.com)");
        }

        @Test
        void a_lapsed_entry_says_when_it_expired() {
            assertThat(status("create-login-profile-by-assumed-role.json", "sandbox"))
                    .isEqualTo("expired on 2026-01-31 (owner vendors@example.com)");
        }

        @Test
        void without_an_allowlist_the_status_is_unknown() {
            CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-user-by-iam-user.json"));
            assertThat(new AllowlistSource.Loaded(null, "missing").status(event, "prod", DAY))
                    .isEqualTo("unknown: allowlist unreadable");
        }
    }

    @Test
    void the_account_directory_csv_is_read_by_header_with_quoted_names() {
        Map<String, String> names = AccountNames.parse("account_id,account_name,email,status\n"
                + "111122223333,prod,a@example.com,ACTIVE\n"
                + "444455556666,\"team a, \"\"b\"\"\",b@example.com,ACTIVE\r\n");

        assertThat(names).containsEntry("111122223333", "prod").containsEntry("444455556666", "team a, \"b\"");
    }
}
