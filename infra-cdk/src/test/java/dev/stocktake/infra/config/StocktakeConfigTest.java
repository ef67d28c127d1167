package dev.stocktake.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.RepoPaths;
import dev.stocktake.infra.StocktakeApp;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StocktakeConfigTest {
    static final Set<String> REGIONS = StocktakeApp.knownRegions();
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode minimal() {
        ObjectNode root = JSON.createObjectNode();
        root.put("organizationId", "o-a1b2c3d4e5");
        root.put("managementAccountId", "111111111111");
        root.put("centralAccountId", "222222222222");
        root.put("centralRegion", "eu-west-1");
        root.putArray("collectorRegions").add("eu-west-1");
        root.putArray("targetOuIds").add("r-ab12");
        root.putObject("encryption").put("mode", "S3_MANAGED");
        root.putObject("athena").put("projectionStart", "2026/01/01");
        return root;
    }

    static StocktakeConfig parse(ObjectNode node) {
        return StocktakeConfig.parse(node.toString(), REGIONS);
    }

    @Nested
    class Valid {
        @Test
        void the_committed_example_config_is_valid() {
            StocktakeConfig config = StocktakeConfig.load(RepoPaths.locate().defaultConfig(), REGIONS);
            assertThat(config.encryption().usesKms()).isTrue();
            assertThat(config.stackSet().adminAccountId()).isEqualTo(config.managementAccountId());
        }

        @Test
        void a_minimal_config_gets_the_documented_defaults() {
            StocktakeConfig config = parse(minimal());
            assertThat(config.reportPrefix()).isEqualTo("credential-reports/");
            assertThat(config.reportBucketName()).isEqualTo("stocktake-reports-222222222222-eu-west-1");
            assertThat(config.schedule()).isEqualTo(new Schedule("cron(0 3 * * ? *)", "UTC", 60));
            assertThat(config.reportTimeZone()).isEqualTo("UTC");
            assertThat(config.retention()).isEqualTo(new Retention(30, 0, 90, 30));
            assertThat(config.stackSet()).isEqualTo(new StackSetOptions(StackSetOptions.CallAs.SELF, "111111111111", 10, 25));
            assertThat(config.athena()).isEqualTo(new AthenaOptions("stocktake", "stocktake", 10L * 1024 * 1024 * 1024, "2026/01/01"));
            assertThat(config.quickSight()).isEqualTo(new QuickSightOptions(List.of(), "08:00"));
            assertThat(config.quickSight().enabled()).isFalse();
            assertThat(config.notifier()).isEqualTo(new NotifierOptions(List.of(), null, null, "cron(30 8 * * ? *)", null, false, null));
            assertThat(config.notifier().enabled()).isFalse();
            assertThat(config.notifications().forwardsAlarms()).isFalse();
            assertThat(config.coverage()).isEqualTo(new Coverage(95, "cron(0 1 * * ? *)", "cron(0 12 * * ? *)"));
            assertThat(config.compaction()).isEqualTo(new CompactionOptions(true, "cron(30 4 * * ? *)", 2));
            assertThat(config.objectLock()).isEqualTo(new ObjectLockOptions("GOVERNANCE", 400));
            assertThat(config.guardrails()).isEqualTo(new GuardrailOptions(true, List.of("arn:aws:iam::*:role/stacksets-exec-*"),
                    config.targetOuIds()));
        }

        @Test
        void the_migration_settings_default_without_the_section_and_are_read_with_the_allowlist_modules_rules() {
            assertThat(parse(minimal()).migration()).isEqualTo(dev.stocktake.allowlist.MigrationSettings.defaults());
            ObjectNode node = minimal();
            ObjectNode migration = node.putObject("migration").put("idleDays", 30).put("identityMappingFile", "elsewhere/map.csv");
            migration.putArray("milestones").addObject().put("day", "2027-03-31").put("maxConsoleUsers", 5);
            var settings = parse(node).migration();
            assertThat(settings.idleDays()).isEqualTo(30);
            assertThat(settings.identityMappingFile()).isEqualTo("elsewhere/map.csv");
            assertThat(settings.milestonesCsv()).isEqualTo("day,max_console_users,scope,name\n2027-03-31,5,,\n");
        }

        @Test
        void the_migration_problems_come_with_the_others_each_naming_its_json_path() {
            ObjectNode node = minimal();
            node.put("managementAccountId", "1");
            ArrayNode milestones = node.putObject("migration").putArray("milestones");
            milestones.addObject().put("day", "2027-03-31").put("maxConsoleUsers", 10);
            milestones.addObject().put("day", "2027-06-30").put("maxConsoleUsers", 20);
            assertThatThrownBy(() -> parse(node)).isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("managementAccountId: "));
                assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("migration.milestones[1]"));
            });
        }

        @Test
        void the_identity_center_export_runs_in_the_management_account_and_central_region_unless_set() {
            assertThat(parse(minimal()).identityCenter()).isEqualTo(new IdentityCenterOptions(true, "111111111111", false,
                    "eu-west-1", null, null, "cron(0 1 * * ? *)"));
            ObjectNode node = minimal();
            node.putObject("identityCenter").put("accountId", "333333333333").put("region", "us-east-1")
                    .put("instanceArn", "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6").put("identityStoreId", "d-9067a1b2c3")
                    .put("schedule", "cron(30 0 * * ? *)");
            IdentityCenterOptions delegated = parse(node).identityCenter();
            assertThat(delegated).isEqualTo(new IdentityCenterOptions(true, "333333333333", true, "us-east-1",
                    "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", "d-9067a1b2c3", "cron(30 0 * * ? *)"));
            assertThat(delegated.instanceId()).isEqualTo("ssoins-7223a1b2c3d4e5f6");
            node.putObject("identityCenter").put("enabled", false).put("accountId", "111111111111");
            assertThat(parse(node).identityCenter().enabled()).isFalse();
            assertThat(parse(node).identityCenter().delegatedAdmin()).isFalse();
        }

        @Test
        void the_object_lock_retention_follows_the_report_expiry_unless_set() {
            ObjectNode node = minimal();
            node.putObject("retention").put("reportExpirationDays", 730);
            assertThat(parse(node).objectLock()).isEqualTo(new ObjectLockOptions("GOVERNANCE", 730));
            node.putObject("objectLock").put("mode", "COMPLIANCE").put("retentionDays", 365);
            assertThat(parse(node).objectLock()).isEqualTo(new ObjectLockOptions("COMPLIANCE", 365));
        }

        @Test
        void the_guardrails_may_be_turned_off_or_exempt_a_custom_execution_role() {
            ObjectNode node = minimal();
            ObjectNode guardrails = node.putObject("guardrails").put("enabled", false);
            guardrails.putArray("exemptPrincipalArns").add("arn:aws:iam::*:role/org-stackset-execution");
            guardrails.putArray("targetOuIds").add("ou-ab12-11112222");
            assertThat(parse(node).guardrails()).isEqualTo(new GuardrailOptions(false,
                    List.of("arn:aws:iam::*:role/org-stackset-execution"), List.of("ou-ab12-11112222")));
        }

        @Test
        void the_compaction_reads_its_switch_schedule_and_settle_days() {
            ObjectNode node = minimal();
            node.putObject("compaction").put("enabled", false).put("schedule", "rate(12 hours)").put("settleDays", 27);
            assertThat(parse(node).compaction()).isEqualTo(new CompactionOptions(false, "rate(12 hours)", 27));
            node.putObject("compaction").put("settleDays", 0);
            assertThat(parse(node).compaction()).isEqualTo(new CompactionOptions(true, "cron(30 4 * * ? *)", 0));
        }

        @Test
        void the_coverage_alarm_threshold_may_be_a_fraction() {
            ObjectNode node = minimal();
            node.putObject("coverage").put("alarmThresholdPercent", 99.5);
            assertThat(parse(node).coverage().alarmThresholdPercent()).isEqualTo(99.5);
        }

        @Test
        void the_notifier_reads_its_channels_and_schedule() {
            ObjectNode node = minimal();
            ObjectNode notifier = node.putObject("notifier");
            notifier.putArray("recipients").add("a@example.com").add("b.c+iam@sub.example.org");
            notifier.put("sender", "Stocktake <stocktake@example.com>").put("schedule", "cron(0 9 * * ? *)")
                    .put("sesConfigurationSet", "stocktake-events")
                    .put("slackWebhookSecretArn", "arn:aws:secretsmanager:eu-west-1:222222222222:secret:stocktake/slack-AbCdEf");
            NotifierOptions options = parse(node).notifier();
            assertThat(options).isEqualTo(new NotifierOptions(List.of("a@example.com", "b.c+iam@sub.example.org"),
                    "Stocktake <stocktake@example.com>", "stocktake-events", "cron(0 9 * * ? *)",
                    "arn:aws:secretsmanager:eu-west-1:222222222222:secret:stocktake/slack-AbCdEf", false, null));
            assertThat(options.senderAddress()).isEqualTo("stocktake@example.com");
            assertThat(options.sendsEmail()).isTrue();
            assertThat(options.sendsSlack()).isTrue();
        }

        @Test
        void slack_alone_with_a_created_secret_enables_the_notifier() {
            ObjectNode node = minimal();
            node.putObject("notifier").put("createSlackSecret", true);
            NotifierOptions options = parse(node).notifier();
            assertThat(options.enabled()).isTrue();
            assertThat(options.sendsEmail()).isFalse();
        }

        @Test
        void quicksight_principals_and_refresh_time() {
            ObjectNode node = minimal();
            ObjectNode quickSight = node.putObject("quickSight");
            quickSight.putArray("principals").add("arn:aws:quicksight:eu-west-1:222222222222:user/default/alice");
            quickSight.put("refreshTime", "23:59");
            assertThat(parse(node).quickSight()).isEqualTo(new QuickSightOptions(
                    List.of("arn:aws:quicksight:eu-west-1:222222222222:user/default/alice"), "23:59"));
            assertThat(parse(node).quickSight().enabled()).isTrue();
        }

        @Test
        void remediation_is_off_by_default_and_reads_its_operators_and_ous() {
            ObjectNode node = minimal();
            assertThat(parse(node).remediation()).isEqualTo(new RemediationOptions(false, List.of(), parse(node).targetOuIds()));
            ObjectNode remediation = node.putObject("remediation").put("enabled", true);
            remediation.putArray("trustedPrincipals").add("arn:aws:iam::222222222222:role/stocktake-operator")
                    .add("arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Remediate_*")
                    .add("arn:aws:iam::222222222222:user/breakglass");
            RemediationOptions options = parse(node).remediation();
            assertThat(options.enabled()).isTrue();
            assertThat(options.trustedPrincipals()).hasSize(3);
            assertThat(options.trustedAccounts()).containsExactly("222222222222", "333333333333");
            assertThat(options.targetOuIds()).isEqualTo(parse(node).targetOuIds());
            remediation.putArray("targetOuIds").add("ou-ab12-11112222");
            assertThat(parse(node).remediation().targetOuIds()).containsExactly("ou-ab12-11112222");
        }

        @Test
        void a_delegated_administrator_hosts_the_stack_set() {
            ObjectNode node = minimal();
            node.putObject("stackSet").put("callAs", "DELEGATED_ADMIN").put("delegatedAdminAccountId", "333333333333");
            assertThat(parse(node).stackSet().adminAccountId()).isEqualTo("333333333333");
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("account ID of 11 digits", (Consumer<ObjectNode>) n -> n.put("managementAccountId", "12345678901"),
                        "managementAccountId: '12345678901' is not a 12-digit AWS account ID"),
                Arguments.of("account ID with letters", (Consumer<ObjectNode>) n -> n.put("centralAccountId", "22222222222x"),
                        "centralAccountId: '22222222222x' is not a 12-digit AWS account ID"),
                Arguments.of("missing central account", (Consumer<ObjectNode>) n -> n.remove("centralAccountId"),
                        "centralAccountId: required"),
                Arguments.of("missing organization", (Consumer<ObjectNode>) n -> n.remove("organizationId"),
                        "organizationId: required"),
                Arguments.of("bad organization", (Consumer<ObjectNode>) n -> n.put("organizationId", "org-1"),
                        "organizationId: 'org-1' is not"),
                Arguments.of("OU that is an account ID", (Consumer<ObjectNode>) n -> n.putArray("targetOuIds").add("ou-ab12-cdef3456").add("123456789012"),
                        "targetOuIds[1]: '123456789012' is not an OU ID"),
                Arguments.of("no OUs", (Consumer<ObjectNode>) n -> n.putArray("targetOuIds"),
                        "targetOuIds: required"),
                Arguments.of("unknown central region", (Consumer<ObjectNode>) n -> n.put("centralRegion", "eu-middle-9"),
                        "centralRegion: 'eu-middle-9' is not a known AWS region"),
                Arguments.of("unknown collector region", (Consumer<ObjectNode>) n -> n.putArray("collectorRegions").add("mars-1"),
                        "collectorRegions[0]: 'mars-1' is not a known AWS region"),
                Arguments.of("two collector regions", (Consumer<ObjectNode>) n -> n.putArray("collectorRegions").add("eu-west-1").add("us-east-1"),
                        "collectorRegions: must name exactly one region"),
                Arguments.of("missing collector regions", (Consumer<ObjectNode>) n -> n.remove("collectorRegions"),
                        "collectorRegions: required"),
                Arguments.of("bucket name with capitals", (Consumer<ObjectNode>) n -> n.put("bucketName", "My_Bucket"),
                        "bucketName: 'My_Bucket' is not a valid S3 bucket name"),
                Arguments.of("prefix without slash", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "reports"),
                        "reportPrefix: 'reports' must be"),
                Arguments.of("unknown time zone", (Consumer<ObjectNode>) n -> n.put("reportTimeZone", "Mars/Olympus"),
                        "reportTimeZone: 'Mars/Olympus' is not an IANA time zone"),
                Arguments.of("schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("schedule").put("expression", "daily"),
                        "schedule.expression: 'daily' is not cron(...) or rate(...)"),
                Arguments.of("window too long", (Consumer<ObjectNode>) n -> n.putObject("schedule").put("flexibleWindowMinutes", 2000),
                        "schedule.flexibleWindowMinutes: '2000' must be a whole number from 1 to 1440"),
                Arguments.of("log retention CloudWatch does not offer", (Consumer<ObjectNode>) n -> n.putObject("retention").put("logRetentionDays", 100),
                        "retention.logRetentionDays: 100 is not a CloudWatch Logs retention value"),
                Arguments.of("object lock mode that S3 does not know", (Consumer<ObjectNode>) n -> n.putObject("objectLock").put("mode", "LEGAL_HOLD"),
                        "objectLock.mode: 'LEGAL_HOLD' is not GOVERNANCE or COMPLIANCE"),
                Arguments.of("object lock of no days", (Consumer<ObjectNode>) n -> n.putObject("objectLock").put("retentionDays", 0),
                        "objectLock.retentionDays: '0' must be a whole number from 1 to 36500"),
                Arguments.of("object lock longer than the reports live", (Consumer<ObjectNode>) n -> {
                            n.putObject("retention").put("reportExpirationDays", 365);
                            n.putObject("objectLock").put("retentionDays", 400);
                        },
                        "objectLock.retentionDays: 400 is longer than retention.reportExpirationDays (365)"),
                Arguments.of("guardrails on something that is not an OU", (Consumer<ObjectNode>) n -> n.putObject("guardrails").putArray("targetOuIds")
                                .add("111111111111"),
                        "guardrails.targetOuIds[0]: '111111111111' is not an OU ID"),
                Arguments.of("remediation without operators", (Consumer<ObjectNode>) n -> n.putObject("remediation").put("enabled", true),
                        "remediation.trustedPrincipals: required with remediation.enabled"),
                Arguments.of("remediation trusting an account root", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::222222222222:root"),
                        "remediation.trustedPrincipals[0]: 'arn:aws:iam::222222222222:root' is an account's root"),
                Arguments.of("remediation trusting a session", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:sts::222222222222:assumed-role/ops/alice"),
                        "remediation.trustedPrincipals[0]: 'arn:aws:sts::222222222222:assumed-role/ops/alice' is a session ARN"),
                Arguments.of("remediation trusting every role of an account", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::222222222222:role/*"),
                        "remediation.trustedPrincipals[0]: 'arn:aws:iam::222222222222:role/*' matches every role of account 222222222222"),
                Arguments.of("remediation trusting every path of an account", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::222222222222:role/*/*"),
                        "matches every role of account 222222222222"),
                Arguments.of("remediation trusting any account", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::*:role/stocktake-operator"),
                        "remediation.trustedPrincipals[0]: 'arn:aws:iam::*:role/stocktake-operator' is not an IAM role or user ARN of one account"),
                Arguments.of("remediation trusting a group", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::222222222222:group/ops"),
                        "is not an IAM role or user ARN of one account"),
                Arguments.of("remediation trusting an operator twice", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipals").add("arn:aws:iam::222222222222:role/ops").add("arn:aws:iam::222222222222:role/ops"),
                        "remediation.trustedPrincipals[1]: 'arn:aws:iam::222222222222:role/ops' is listed twice"),
                Arguments.of("remediation trusting eleven operators", (Consumer<ObjectNode>) n -> {
                            var list = n.putObject("remediation").putArray("trustedPrincipals");
                            for (int i = 0; i < 11; i++) {
                                list.add("arn:aws:iam::222222222222:role/ops-" + i);
                            }
                        },
                        "remediation.trustedPrincipals: 11 principals; at most 10"),
                Arguments.of("remediation on something that is not an OU", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("targetOuIds").add("111111111111"),
                        "remediation.targetOuIds[0]: '111111111111' is not an OU ID"),
                Arguments.of("remediation on no OU", (Consumer<ObjectNode>) n -> n.putObject("remediation").putArray("targetOuIds"),
                        "remediation.targetOuIds: must not be empty"),
                Arguments.of("remediation with a misspelt setting", (Consumer<ObjectNode>) n -> n.putObject("remediation")
                                .putArray("trustedPrincipal").add("arn:aws:iam::222222222222:role/ops"),
                        "remediation.trustedPrincipal: is not a setting of remediation; did you mean remediation.trustedPrincipals?"),
                Arguments.of("report prefix that is the remediation journal's", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "remediation/"),
                        "reportPrefix: 'remediation/' overlaps remediation/, which stocktake remediate's journal uses"),
                Arguments.of("guardrails exempting nobody", (Consumer<ObjectNode>) n -> n.putObject("guardrails").putArray("exemptPrincipalArns"),
                        "guardrails.exemptPrincipalArns: must not be empty"),
                Arguments.of("guardrails exempting a user", (Consumer<ObjectNode>) n -> n.putObject("guardrails").putArray("exemptPrincipalArns")
                                .add("arn:aws:iam::111111111111:user/admin"),
                        "guardrails.exemptPrincipalArns[0]: 'arn:aws:iam::111111111111:user/admin' is not an IAM role ARN pattern"),
                Arguments.of("guardrails exempting every role", (Consumer<ObjectNode>) n -> n.putObject("guardrails").putArray("exemptPrincipalArns")
                                .add("arn:aws:iam::*:role/*"),
                        "guardrails.exemptPrincipalArns[0]: 'arn:aws:iam::*:role/*' exempts every role"),
                Arguments.of("the key ARN an earlier version needed", (Consumer<ObjectNode>) n -> n.putObject("encryption").put("mode", "KMS")
                                .put("kmsKeyArn", "arn:aws:kms:eu-west-1:222222222222:key/abc"),
                        "encryption.kmsKeyArn: no longer read: the stacks find the central key themselves (its alias "
                                + "alias/stocktake-reports in the central account, and the central stack's export StocktakeReportKeyArn)"),
                Arguments.of("a misspelt setting", (Consumer<ObjectNode>) n -> n.putObject("schedule").put("timezone", "UTC"),
                        "schedule.timezone: is not a setting of schedule; did you mean schedule.timeZone?"),
                Arguments.of("a misspelt section", (Consumer<ObjectNode>) n -> n.putObject("alert").put("enabled", true),
                        "alert: is not a setting; did you mean alerts?"),
                Arguments.of("a setting that does not exist", (Consumer<ObjectNode>) n -> n.putObject("allowlist").put("path", "a.csv"),
                        "allowlist.path: is not a setting of allowlist (these are: file; docs/deploy.md lists every setting)"),
                Arguments.of("a top-level setting that does not exist", (Consumer<ObjectNode>) n -> n.put("kmsKeyArn", "x"),
                        "kmsKeyArn: is not a setting (these are: organizationId, managementAccountId, centralAccountId, centralRegion,"),
                Arguments.of("encryption mode that is not a string", (Consumer<ObjectNode>) n -> n.putObject("encryption").put("mode", 3),
                        "encryption.mode: must be a string"),
                Arguments.of("account ID as a number", (Consumer<ObjectNode>) n -> n.put("managementAccountId", 111111111111L),
                        "managementAccountId: must be a string"),
                Arguments.of("unknown encryption mode", (Consumer<ObjectNode>) n -> n.putObject("encryption").put("mode", "ROT13"),
                        "encryption.mode: 'ROT13' is not KMS or S3_MANAGED"),
                Arguments.of("delegated admin without its account", (Consumer<ObjectNode>) n -> n.putObject("stackSet").put("callAs", "DELEGATED_ADMIN"),
                        "stackSet.delegatedAdminAccountId: required when stackSet.callAs is DELEGATED_ADMIN"),
                Arguments.of("unknown callAs", (Consumer<ObjectNode>) n -> n.putObject("stackSet").put("callAs", "ME"),
                        "stackSet.callAs: 'ME' is not SELF or DELEGATED_ADMIN"),
                Arguments.of("scan limit below Athena's minimum", (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("athena")).put("bytesScannedCutoffPerQuery", 1000),
                        "athena.bytesScannedCutoffPerQuery: must be at least 10485760"),
                Arguments.of("missing projection start", (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("athena")).remove("projectionStart"),
                        "athena.projectionStart: required"),
                Arguments.of("projection start in ISO format", (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("athena")).put("projectionStart", "2026-01-01"),
                        "athena.projectionStart: '2026-01-01' is not a date in yyyy/MM/dd"),
                Arguments.of("QuickSight principal that is an IAM ARN", (Consumer<ObjectNode>) n -> n.putObject("quickSight").putArray("principals").add("arn:aws:iam::111111111111:user/x"),
                        "quickSight.principals[0]: 'arn:aws:iam::111111111111:user/x' is not a QuickSight user or group ARN"),
                Arguments.of("coverage threshold of zero", (Consumer<ObjectNode>) n -> n.putObject("coverage").put("alarmThresholdPercent", 0),
                        "coverage.alarmThresholdPercent: '0' must be a number above 0 and at most 100"),
                Arguments.of("coverage threshold above 100", (Consumer<ObjectNode>) n -> n.putObject("coverage").put("alarmThresholdPercent", 101),
                        "coverage.alarmThresholdPercent: '101' must be a number above 0 and at most 100"),
                Arguments.of("coverage threshold as a string", (Consumer<ObjectNode>) n -> n.putObject("coverage").put("alarmThresholdPercent", "95"),
                        "coverage.alarmThresholdPercent: '\"95\"' must be a number above 0 and at most 100"),
                Arguments.of("directory schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("coverage").put("directorySchedule", "at 5"),
                        "coverage.directorySchedule: 'at 5' is not cron(...) or rate(...)"),
                Arguments.of("check schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("coverage").put("checkSchedule", "noon"),
                        "coverage.checkSchedule: 'noon' is not cron(...) or rate(...)"),
                Arguments.of("report prefix that is the directory's", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "accounts/"),
                        "reportPrefix: 'accounts/' is where the account directory is exported"),
                Arguments.of("recipient that is not an address", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("sender", "s@example.com")
                                .putArray("recipients").add("ok@example.com").add("not-an-address"),
                        "notifier.recipients[1]: 'not-an-address' is not an email address"),
                Arguments.of("recipients without a sender", (Consumer<ObjectNode>) n -> n.putObject("notifier").putArray("recipients").add("a@example.com"),
                        "notifier.sender: required with notifier.recipients"),
                Arguments.of("sender with a broken display name", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("sender", "Stocktake <stocktake@example.com"),
                        "notifier.sender: 'Stocktake <stocktake@example.com' is not an address"),
                Arguments.of("51 recipients", (Consumer<ObjectNode>) n -> {
                            var list = n.putObject("notifier").put("sender", "s@example.com").putArray("recipients");
                            for (int i = 0; i < 51; i++) {
                                list.add("r" + i + "@example.com");
                            }
                        },
                        "notifier.recipients: 51 addresses; at most 50"),
                Arguments.of("notifier schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("schedule", "09:00"),
                        "notifier.schedule: '09:00' is not cron(...) or rate(...)"),
                Arguments.of("Slack secret that is not a secret ARN", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("slackWebhookSecretArn", "https://hooks.slack.com/services/x"),
                        "notifier.slackWebhookSecretArn: 'https://hooks.slack.com/services/x' is not a Secrets Manager secret ARN"),
                Arguments.of("Slack secret in another account", (Consumer<ObjectNode>) n -> n.putObject("notifier")
                                .put("slackWebhookSecretArn", "arn:aws:secretsmanager:eu-west-1:999999999999:secret:slack-AbCdEf"),
                        "notifier.slackWebhookSecretArn: the secret must be in the central account 222222222222 and region eu-west-1"),
                Arguments.of("Slack webhook host that is a URL", (Consumer<ObjectNode>) n -> n.putObject("notifier")
                                .put("slackWebhookHost", "https://chat.example.com"),
                        "notifier.slackWebhookHost: 'https://chat.example.com' is not a host name"),
                Arguments.of("both an existing and a created Slack secret", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("createSlackSecret", true)
                                .put("slackWebhookSecretArn", "arn:aws:secretsmanager:eu-west-1:222222222222:secret:slack-AbCdEf"),
                        "notifier.createSlackSecret: not with notifier.slackWebhookSecretArn"),
                Arguments.of("createSlackSecret as a string", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("createSlackSecret", "yes"),
                        "notifier.createSlackSecret: must be true or false"),
                Arguments.of("migration milestone on no real day", (Consumer<ObjectNode>) n -> n.putObject("migration").putArray("milestones")
                                .addObject().put("day", "2027-02-30").put("maxConsoleUsers", 10),
                        "migration.milestones[0].day: "),
                Arguments.of("migration idle days of zero", (Consumer<ObjectNode>) n -> n.putObject("migration").put("idleDays", 0),
                        "migration.idleDays: "),
                Arguments.of("migration key that does not exist", (Consumer<ObjectNode>) n -> n.putObject("migration").put("goalReduction", 0.9),
                        "migration.goalReduction: is not a migration setting"),
                Arguments.of("migration section that is a list", (Consumer<ObjectNode>) n -> n.putArray("migration"),
                        "migration: must be a JSON object"),
                Arguments.of("report prefix that is the milestones'", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "milestones/"),
                        "reportPrefix: 'milestones/' overlaps milestones/, which the central stack deploys the milestones to"),
                Arguments.of("the removed goal fraction", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("goalReduction", 0.9),
                        "notifier.goalReduction: no longer read: the goal is now a list of milestones (migration.milestones"),
                Arguments.of("report prefix that is the details'", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "iam-details/"),
                        "reportPrefix: 'iam-details/' overlaps iam-details/, which the collectors' IAM details use"),
                Arguments.of("report prefix under the Identity Center export's", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "identity-center/reports/"),
                        "reportPrefix: 'identity-center/reports/' overlaps identity-center/, which the Identity Center export uses"),
                Arguments.of("Identity Center switch as a string", (Consumer<ObjectNode>) n -> n.putObject("identityCenter").put("enabled", "yes"),
                        "identityCenter.enabled: must be true or false"),
                Arguments.of("Identity Center account that is not an account ID", (Consumer<ObjectNode>) n -> n.putObject("identityCenter").put("accountId", "12345"),
                        "identityCenter.accountId: '12345' is not a 12-digit AWS account ID"),
                Arguments.of("Identity Center region CDK does not know", (Consumer<ObjectNode>) n -> n.putObject("identityCenter").put("region", "moon-1"),
                        "identityCenter.region: 'moon-1' is not a known AWS region"),
                Arguments.of("Identity Center instance that is a store ID", (Consumer<ObjectNode>) n -> n.putObject("identityCenter").put("instanceArn", "d-1234567890"),
                        "identityCenter.instanceArn: 'd-1234567890' is not an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-<16 characters>"),
                Arguments.of("Identity Center store that is an instance ARN", (Consumer<ObjectNode>) n -> n.putObject("identityCenter")
                                .put("identityStoreId", "arn:aws:sso:::instance/ssoins-1234567890abcdef"),
                        "identityCenter.identityStoreId: 'arn:aws:sso:::instance/ssoins-1234567890abcdef' is not an identity store ID (d-<10 hex digits>"),
                Arguments.of("Identity Center schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("identityCenter").put("schedule", "daily"),
                        "identityCenter.schedule: 'daily' is not cron(...) or rate(...) (in schedule.timeZone; default cron(0 1 * * ? *))"),
                Arguments.of("SES configuration set with a space", (Consumer<ObjectNode>) n -> n.putObject("notifier").put("sesConfigurationSet", "my set"),
                        "notifier.sesConfigurationSet: 'my set' is not an SES configuration set name"),
                Arguments.of("QuickSight refresh time without minutes", (Consumer<ObjectNode>) n -> n.putObject("quickSight").put("refreshTime", "8"),
                        "quickSight.refreshTime: '8' is not a time of day HH:mm"),
                Arguments.of("QuickSight refresh time past midnight", (Consumer<ObjectNode>) n -> n.putObject("quickSight").put("refreshTime", "24:00"),
                        "quickSight.refreshTime: '24:00' is not a time of day HH:mm"),
                Arguments.of("compaction switch as a string", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("enabled", "no"),
                        "compaction.enabled: must be true or false"),
                Arguments.of("compaction schedule that is not cron or rate", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("schedule", "monthly"),
                        "compaction.schedule: 'monthly' is not cron(...) or rate(...) (in UTC; default cron(30 4 * * ? *))"),
                Arguments.of("settle days past the shortest month", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("settleDays", 28),
                        "compaction.settleDays: '28' must be a whole number from 0 to 27 (days after a month's end before it is copied"),
                Arguments.of("negative settle days", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("settleDays", -1),
                        "compaction.settleDays: '-1' must be a whole number from 0 to 27"),
                Arguments.of("fractional settle days", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("settleDays", 2.5),
                        "compaction.settleDays: '2.5' must be a whole number from 0 to 27"),
                Arguments.of("settle days as a string", (Consumer<ObjectNode>) n -> n.putObject("compaction").put("settleDays", "2"),
                        "compaction.settleDays: '\"2\"' must be a whole number from 0 to 27"),
                Arguments.of("report prefix that is the Parquet copy's", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "compacted-reports/"),
                        "reportPrefix: 'compacted-reports/' overlaps compacted-reports/, which the compaction job owns"),
                Arguments.of("report prefix under the compaction state's", (Consumer<ObjectNode>) n -> n.put("reportPrefix", "compaction/reports/"),
                        "reportPrefix: 'compaction/reports/' overlaps compaction/, which the compaction job owns"),
                Arguments.of("event bus that is a topic", (Consumer<ObjectNode>) n -> n.putObject("notifications").put("centralEventBusArn", "arn:aws:sns:eu-west-1:222222222222:t"),
                        "notifications.centralEventBusArn: 'arn:aws:sns:eu-west-1:222222222222:t' is not an EventBridge event bus ARN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void an_invalid_value_fails_with_a_message_naming_the_field(String name, Consumer<ObjectNode> change, String expected) {
        ObjectNode node = minimal();
        change.accept(node);
        assertThatThrownBy(() -> parse(node))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void every_problem_is_reported_at_once() {
        ObjectNode node = minimal();
        node.put("managementAccountId", "1");
        node.put("centralRegion", "nowhere-1");
        node.putArray("targetOuIds").add("ou-x");
        assertThatThrownBy(() -> parse(node))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.substring(0, p.indexOf(':')))
                        .containsExactly("managementAccountId", "centralRegion", "targetOuIds[0]"));
    }

    @Test
    void a_file_that_is_not_json_fails_naming_the_file() {
        assertThatThrownBy(() -> StocktakeConfig.parse("{ not json", REGIONS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file: not valid JSON");
    }

    @Test
    void the_loaders_key_list_is_every_setting_it_reads_and_nothing_else() {
        List<String> keys = StocktakeConfig.keys();
        assertThat(keys).doesNotHaveDuplicates()
                .contains("organizationId", "schedule.expression", "encryption.mode", "alerts.enabled", "alerts.recipients",
                        "allowlist.file", "notifier.ownerDigests.maxUsersPerOwner", "migration.milestones", "identityCenter.schedule")
                .doesNotContain("encryption.kmsKeyArn", "notifier.goalReduction", "migration", "schedule");
        // every key is accepted: a config that sets each one (to null: its default) is refused for none of them
        ObjectNode node = minimal();
        for (String key : keys) {
            ObjectNode at = node;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
            }
            if (!at.has(parts[parts.length - 1])) {
                at.putNull(parts[parts.length - 1]);
            }
        }
        assertThat(node.toString()).contains("\"alerts\":{", "\"maxUsersPerOwner\":null");
        StocktakeConfig config = parse(node);
        assertThat(config.schedule()).isEqualTo(parse(minimal()).schedule());
    }

    @Test
    void the_known_regions_include_the_usual_ones() {
        assertThat(REGIONS).containsAll(List.of("us-east-1", "eu-west-1", "ap-northeast-1"));
    }
}
