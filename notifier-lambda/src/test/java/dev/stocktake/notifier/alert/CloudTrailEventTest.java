package dev.stocktake.notifier.alert;

import static dev.stocktake.notifier.alert.AlertFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The documented shapes of CloudTrail's IAM events, read into what an alert shows. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CloudTrailEventTest {

    @Test
    void create_user_by_an_iam_user() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-user-by-iam-user.json"));

        assertThat(event.eventId()).isEqualTo("c2d1e0f9-8a7b-4c6d-9e5f-4a3b2c1d0e01");
        assertThat(event.change()).isEqualTo(IamChange.CREATE_USER);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-15T09:12:01Z"));
        assertThat(event.accountId()).isEqualTo("111122223333");
        assertThat(event.actor()).isEqualTo(new CloudTrailEvent.Actor("IAMUser", "arn:aws:iam::111122223333:user/alice"));
        assertThat(event.sourceIp()).isEqualTo("203.0.113.10");
        assertThat(event.userName()).isEqualTo("deploy-bot");
        assertThat(event.accessKeyId()).isNull();
        assertThat(event.succeeded()).isTrue();
    }

    @Test
    void create_login_profile_by_an_identity_center_session_names_the_session_not_the_role() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-login-profile-by-assumed-role.json"));

        assertThat(event.change()).isEqualTo(IamChange.CREATE_LOGIN_PROFILE);
        assertThat(event.actor().type()).isEqualTo("AssumedRole");
        assertThat(event.actor().arn())
                .isEqualTo("arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com");
        assertThat(event.userName()).isEqualTo("vendor-support");
        assertThat(event.accountId()).isEqualTo("444455556666");
    }

    @Test
    void create_access_key_by_root_carries_the_new_key_id() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-access-key-by-root.json"));

        assertThat(event.actor()).isEqualTo(new CloudTrailEvent.Actor("Root", "arn:aws:iam::111122223333:root"));
        assertThat(event.userName()).isEqualTo("legacy-backup");
        assertThat(event.accessKeyId()).isEqualTo("AKIAEXAMPLEBACKUP123");
    }

    @Test
    void create_access_key_for_oneself_takes_the_user_from_the_response() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-access-key-by-root.json",
                Map.of("detail.requestParameters", Map.of())));

        assertThat(event.userName()).isEqualTo("legacy-backup");
    }

    @Test
    void update_access_key_on_ones_own_key_names_the_caller_and_the_new_status() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("update-access-key-own-key.json"));

        assertThat(event.change()).isEqualTo(IamChange.UPDATE_ACCESS_KEY);
        assertThat(event.userName()).isEqualTo("bob");
        assertThat(event.accessKeyId()).isEqualTo("AKIAEXAMPLEBOBOLD123");
        assertThat(event.keyStatus()).isEqualTo("Active");
    }

    @Test
    void a_call_by_an_aws_service_names_the_service() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("delete-user-by-aws-service.json"));

        assertThat(event.actor()).isEqualTo(new CloudTrailEvent.Actor("AWSService", "cloudformation.amazonaws.com"));
        assertThat(event.sourceIp()).isEqualTo("cloudformation.amazonaws.com");
        assertThat(event.change().creation()).isFalse();
    }

    @Test
    void deactivate_mfa_device_names_the_user_whose_device_it_was() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("deactivate-mfa-device.json"));

        assertThat(event.change()).isEqualTo(IamChange.DEACTIVATE_MFA_DEVICE);
        assertThat(event.userName()).isEqualTo("carol");
    }

    @Test
    void a_denied_call_is_read_with_its_error_code() {
        CloudTrailEvent event = CloudTrailEvent.parse(fixture("create-user-access-denied.json"));

        assertThat(event.succeeded()).isFalse();
        assertThat(event.errorCode()).isEqualTo("AccessDenied");
        assertThat(event.userName()).isEqualTo("sneaky");
    }

    @Test
    void the_nine_event_names_are_the_ones_the_rules_match() {
        assertThat(IamChange.EVENT_NAMES).containsExactly("CreateUser", "DeleteUser", "CreateLoginProfile", "UpdateLoginProfile",
                "DeleteLoginProfile", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "DeactivateMFADevice");
        assertThat(IamChange.values()).filteredOn(IamChange::creation)
                .containsExactly(IamChange.CREATE_USER, IamChange.CREATE_LOGIN_PROFILE, IamChange.CREATE_ACCESS_KEY);
    }

    @Test
    void a_body_that_is_not_json_is_refused_saying_so() {
        assertThatThrownBy(() -> CloudTrailEvent.parse("{\"detail-type\": "))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("the message is not JSON");
        assertThatThrownBy(() -> CloudTrailEvent.parse("[1,2]"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void another_kind_of_event_is_refused_naming_its_detail_type() {
        assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json",
                Map.of("detail-type", "CloudWatch Alarm State Change"))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("detail-type is 'CloudWatch Alarm State Change', not 'AWS API Call via CloudTrail'");
    }

    @Test
    void an_iam_call_the_alerts_do_not_cover_is_refused_naming_it() {
        assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json",
                Map.of("detail.eventName", "AttachUserPolicy"))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("detail.eventName 'AttachUserPolicy' is not one of [CreateUser");
    }

    @Test
    void missing_fields_are_named() {
        Map<String, String> cases = new HashMap<>();
        cases.put("detail.eventID", "detail.eventID is missing");
        cases.put("detail.eventTime", "detail.eventTime 'null' is not an ISO 8601 time");
        cases.put("detail.userIdentity", "detail.userIdentity is missing");
        cases.put("detail.eventSource", "detail.eventSource is 'null', not iam.amazonaws.com");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Map<String, Object> remove = new HashMap<>();
            remove.put(c.getKey(), null);
            assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json", remove)))
                    .as(c.getKey()).isInstanceOf(MalformedEventException.class).hasMessageContaining(c.getValue());
        }
    }

    @Test
    void a_bad_account_id_is_refused() {
        assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json",
                Map.of("detail.recipientAccountId", "12345"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("'12345' is not a 12-digit account ID");
    }

    @Test
    void an_event_from_another_source_is_refused_naming_it() {
        assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json", Map.of("source", "my.app"))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("source is 'my.app', not 'aws.iam'");
    }

    @Test
    void an_account_reporting_another_accounts_iam_change_is_refused_naming_both() {
        assertThatThrownBy(() -> CloudTrailEvent.parse(fixture("create-user-by-iam-user.json", Map.of("account", "999988887777"))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("the envelope's account '999988887777'")
                .hasMessageContaining("detail.recipientAccountId '111122223333'");
    }

    @Test
    void the_envelopes_account_stands_in_when_the_record_names_none() {
        Map<String, Object> change = new HashMap<>();
        change.put("detail.recipientAccountId", null);
        assertThat(CloudTrailEvent.parse(fixture("create-user-by-iam-user.json", change)).accountId()).isEqualTo("111122223333");
    }
}
