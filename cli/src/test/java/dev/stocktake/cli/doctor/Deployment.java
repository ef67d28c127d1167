package dev.stocktake.cli.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.PermissionModels;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

import dev.stocktake.directory.AccountRecord;
import dev.stocktake.directory.DirectoryCsv;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.report.ReportKeys;

/**
 * A healthy Stocktake deployment seeded into the emulator as the CDK app would leave it after a good day: an
 * organization of a management account (also central) and three members, the collector StackSet with an instance in
 * each member, yesterday's reports and directory export, the Glue database with every shipped table and view, the
 * four scheduled jobs with a run in the last hours, and the app's alarms in OK. Tests then break one thing.
 */
final class Deployment {

    static final String BUCKET = "stocktake-reports-test";
    static final String PREFIX = "credential-reports/";
    static final String REGION = "us-east-1";
    static final List<String> JOBS = List.of(DeployedNames.DIRECTORY_FUNCTION, DeployedNames.COVERAGE_FUNCTION,
            DeployedNames.NOTIFIER_FUNCTION, DeployedNames.COMPACTION_FUNCTION);

    final EmulatorOrganization organization;
    final String rootId;
    final List<EmulatorOrganization.MemberAccount> members = new ArrayList<>();
    final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private final Emulator emulator;

    private Deployment(Emulator emulator) {
        this.emulator = emulator;
        this.organization = EmulatorOrganization.create(emulator.endpoint());
        try (OrganizationsClient organizations = client(OrganizationsClient.builder(), Emulator.defaultCredentials())) {
            this.rootId = organizations.listRoots().roots().getFirst().id();
        }
    }

    /** Seeds the healthy deployment into a freshly reset emulator. */
    static Deployment healthy(Emulator emulator) {
        emulator.reset();
        Deployment deployment = new Deployment(emulator);
        for (String name : List.of("payments-prd", "data platform/stg", "sandbox")) {
            deployment.members.add(deployment.organization.createAccount(name));
        }
        deployment.stackSet(Emulator.defaultCredentials(), List.of());
        deployment.reports();
        deployment.catalog();
        deployment.jobs();
        deployment.alarm("stocktake-coverage-low", "Coverage below the threshold: see missing_reports for the day");
        return deployment;
    }

    /** The config file of this deployment (management = central = the emulator's default account). */
    Path config(Path dir, String stackSetSection) {
        return config(dir, stackSetSection, rootId);
    }

    /** As {@link #config(Path, String)}, the StackSet targeting {@code targetOu}. */
    Path config(Path dir, String stackSetSection, String targetOu) {
        String json = """
                {
                  "organizationId": "%s",
                  "managementAccountId": "%s",
                  "centralAccountId": "%s",
                  "centralRegion": "%s",
                  "collectorRegions": ["%s"],
                  "targetOuIds": ["%s"],
                  "bucketName": "%s",
                  "reportPrefix": "%s",
                  "reportTimeZone": "UTC",
                  "stackSet": %s,
                  "athena": {"databaseName": "stocktake", "projectionStart": "2026/01/01"},
                  "notifier": {"recipients": ["sre@example.com"], "sender": "stocktake@example.com"},
                  "compaction": {"enabled": true}
                }
                """.formatted(organization.organizationId(), Emulator.DEFAULT_ACCOUNT_ID, Emulator.DEFAULT_ACCOUNT_ID, REGION,
                REGION, targetOu, BUCKET, PREFIX, stackSetSection);
        return write(dir.resolve("stocktake.config.json"), json);
    }

    Path config(Path dir) {
        return config(dir, "{\"callAs\": \"SELF\"}");
    }

    /** A shared credentials file with profile {@code ops} (the default account) and any extra profile lines. */
    static Path credentials(Path dir, String extra) {
        return write(dir.resolve("credentials"), "[ops]\naws_access_key_id = testing\naws_secret_access_key = testing\n" + extra);
    }

    /** A profile holding the session credentials of {@code accountId} (AssumeRole into it). */
    String profileOf(String name, String accountId) {
        AwsSessionCredentials credentials = (AwsSessionCredentials) organization.credentialsFor(accountId).resolveCredentials();
        return "[" + name + "]\naws_access_key_id = " + credentials.accessKeyId() + "\naws_secret_access_key = "
                + credentials.secretAccessKey() + "\naws_session_token = " + credentials.sessionToken() + "\n";
    }

    void stackSet(AwsCredentialsProvider administrator, List<String> accounts) {
        stackSet(administrator, DeployedNames.STACK_SET, accounts);
    }

    /** A service-managed StackSet {@code name} with an instance in each of {@code accounts} (and the root's). */
    void stackSet(AwsCredentialsProvider administrator, String name, List<String> accounts) {
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), administrator)) {
            cloudFormation.createStackSet(r -> r.stackSetName(name)
                    .permissionModel(PermissionModels.SERVICE_MANAGED)
                    .autoDeployment(a -> a.enabled(true).retainStacksOnAccountRemoval(false))
                    .templateBody("{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}"));
            cloudFormation.createStackInstances(r -> r.stackSetName(name)
                    .deploymentTargets(t -> t.organizationalUnitIds(rootId)).accounts(accounts).regions(REGION));
        }
    }

    private void reports() {
        try (S3Client s3 = s3()) {
            s3.createBucket(r -> r.bucket(BUCKET));
            putReport(s3, "master", Emulator.DEFAULT_ACCOUNT_ID);
            for (EmulatorOrganization.MemberAccount member : members) {
                putReport(s3, member.name(), member.id());
            }
            // the day's directory export, written by the account-directory job's own renderer
            Instant joined = Instant.now().minusSeconds(365L * 86400);
            List<AccountRecord> accounts = new ArrayList<>();
            accounts.add(new AccountRecord(Emulator.DEFAULT_ACCOUNT_ID, "master", "master@example.com", "ACTIVE", "ACTIVE",
                    "CREATED", joined, rootId, "Root", new TreeMap<>(), rootId));
            for (EmulatorOrganization.MemberAccount member : members) {
                accounts.add(new AccountRecord(member.id(), member.name(), member.email(), "ACTIVE", "ACTIVE", "CREATED",
                        joined, rootId, "Root", new TreeMap<>(), rootId));
            }
            s3.putObject(r -> r.bucket(BUCKET).key(Organization.directoryKey(day)),
                    RequestBody.fromBytes(DirectoryCsv.render(accounts)));
        }
    }

    private void putReport(S3Client s3, String name, String accountId) {
        // the doctor only lists keys: the body is a stand-in
        s3.putObject(r -> r.bucket(BUCKET).key(ReportKeys.reportKey(PREFIX, day, name, accountId)),
                RequestBody.fromString("user,arn\n"));
    }

    /** Removes {@code member}'s stack instance, as if automatic deployment had never reached it. */
    void deleteInstance(EmulatorOrganization.MemberAccount member) {
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), Emulator.defaultCredentials())) {
            cloudFormation.deleteStackInstances(r -> r.stackSetName(DeployedNames.STACK_SET).accounts(member.id())
                    .regions(REGION).retainStacks(false));
        }
    }

    /** A new OU under the root holding {@code moved}; returns its ID. */
    String ouWith(String name, List<EmulatorOrganization.MemberAccount> moved) {
        try (OrganizationsClient organizations = client(OrganizationsClient.builder(), Emulator.defaultCredentials())) {
            String ou = organizations.createOrganizationalUnit(r -> r.parentId(rootId).name(name)).organizationalUnit().id();
            for (EmulatorOrganization.MemberAccount member : moved) {
                organizations.moveAccount(r -> r.accountId(member.id()).sourceParentId(rootId).destinationParentId(ou));
            }
            return ou;
        }
    }

    void close(EmulatorOrganization.MemberAccount member) {
        try (OrganizationsClient organizations = client(OrganizationsClient.builder(), Emulator.defaultCredentials())) {
            organizations.closeAccount(r -> r.accountId(member.id()));
        }
    }

    void deleteFunction(String function) {
        try (LambdaClient lambda = client(LambdaClient.builder(), Emulator.defaultCredentials())) {
            lambda.deleteFunction(r -> r.functionName(function));
        }
    }

    void deleteReport(EmulatorOrganization.MemberAccount member) {
        try (S3Client s3 = s3()) {
            s3.deleteObject(r -> r.bucket(BUCKET).key(ReportKeys.reportKey(PREFIX, day, member.name(), member.id())));
        }
    }

    private void catalog() {
        try (GlueClient glue = client(GlueClient.builder(), Emulator.defaultCredentials())) {
            glue.createDatabase(r -> r.databaseInput(d -> d.name("stocktake")));
            for (String table : CatalogCheck.shippedTables()) {
                glue.createTable(r -> r.databaseName("stocktake").tableInput(t -> t.name(table).tableType("EXTERNAL_TABLE")));
            }
            for (String view : CatalogCheck.shippedViews()) {
                glue.createTable(r -> r.databaseName("stocktake").tableInput(t -> t.name(view).tableType("VIRTUAL_VIEW")
                        .viewOriginalText("/* Presto View: e30= */")));
            }
        }
    }

    void dropFromCatalog(String name) {
        try (GlueClient glue = client(GlueClient.builder(), Emulator.defaultCredentials())) {
            glue.deleteTable(r -> r.databaseName("stocktake").name(name));
        }
    }

    private void jobs() {
        String role;
        try (IamClient iam = organization.iam(Emulator.DEFAULT_ACCOUNT_ID)) {
            role = iam.createRole(r -> r.roleName("stocktake-job").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        }
        try (LambdaClient lambda = client(LambdaClient.builder(), Emulator.defaultCredentials())) {
            for (String function : JOBS) {
                lambda.createFunction(r -> r.functionName(function).runtime("java21").role(role)
                        .handler("dev.stocktake.Handler::handleRequest").code(c -> c.zipFile(SdkBytes.fromByteArray(zip()))));
                metric(function, "Invocations", 1, Instant.now().minusSeconds(2 * 3600));
                metric(function, "Errors", 0, Instant.now().minusSeconds(2 * 3600));
            }
        }
    }

    void metric(String function, String name, double value, Instant time) {
        try (CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), Emulator.defaultCredentials())) {
            cloudWatch.putMetricData(r -> r.namespace("AWS/Lambda").metricData(d -> d.metricName(name).value(value)
                    .unit(StandardUnit.COUNT).timestamp(time).dimensions(dim -> dim.name("FunctionName").value(function))));
        }
    }

    void alarm(String name, String description) {
        try (CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), Emulator.defaultCredentials())) {
            cloudWatch.putMetricAlarm(r -> r.alarmName(name).alarmDescription(description).namespace("Stocktake")
                    .metricName("CoveragePercent").statistic("Minimum").period(86400).evaluationPeriods(1).threshold(95.0)
                    .comparisonOperator("LessThanThreshold"));
        }
    }

    void setAlarmState(String name, String state, String reason) {
        try (CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), Emulator.defaultCredentials())) {
            cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason(reason));
        }
    }

    /** A log line in {@code accountId}'s log group (created when missing). */
    void log(AwsCredentialsProvider credentials, String group, Instant time, String message) {
        try (CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder(), credentials)) {
            if (logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().isEmpty()) {
                logs.createLogGroup(r -> r.logGroupName(group));
            }
            String stream = "2026/12/03/[$LATEST]" + Long.toHexString(time.toEpochMilli());
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream)
                    .logEvents(e -> e.timestamp(time.toEpochMilli()).message(message)));
        }
    }

    /** A ListAccounts answer with every JoinedTimestamp a year back. */
    static byte[] joinedLongAgo(byte[] body) {
        long yearAgo = Instant.now().minusSeconds(365L * 86400).getEpochSecond();
        return new String(body, StandardCharsets.UTF_8)
                .replaceAll("\"JoinedTimestamp\":\\s*[0-9.eE+]+", "\"JoinedTimestamp\": " + yearAgo)
                .getBytes(StandardCharsets.UTF_8);
    }

    S3Client s3() {
        return client(S3Client.builder().forcePathStyle(true), Emulator.defaultCredentials());
    }

    <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(
            B builder, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(emulator.endpoint()).region(Region.of(REGION)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("Handler.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
