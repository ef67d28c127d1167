package dev.stocktake.infra.management;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.ReportKeyAccess;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.constructs.Construct;

/**
 * The account directory job in the management account: once a day, before the collectors' window, it exports the
 * organization's accounts (status, OU path, tags) to {@code accounts/YYYY/MM/DD/accounts.csv} in the central bucket,
 * the list the {@code coverage} and {@code missing_reports} views hold the reports against.
 *
 * <p>Its role may read the organization with exactly the five Organizations actions the export needs and put objects
 * under {@code accounts/} of the central bucket (whose policy allows this role, by ARN, and no other principal there),
 * each with the Object Lock retention of {@code objectLock} in the config.
 */
public final class AccountDirectoryStack extends Stack {
    static final String HANDLER = "dev.stocktake.directory.DirectoryHandler::handleRequest";
    /** Exactly what {@code OrganizationDirectory} calls. */
    public static final List<String> ORGANIZATIONS_ACTIONS = List.of("organizations:ListRoots",
            "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent",
            "organizations:ListAccounts", "organizations:ListTagsForResource");

    private final ScheduledJavaFunction job;

    public AccountDirectoryStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path directoryJar) {
        super(scope, id, props);
        String partition = getPartition();
        String org = config.organizationId();
        String management = config.managementAccountId();
        String exports = "arn:" + partition + ":s3:::" + config.reportBucketName() + "/" + StocktakeConfig.DIRECTORY_PREFIX + "*";

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("DIRECTORY_PREFIX", StocktakeConfig.DIRECTORY_PREFIX);
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        // Object Lock retention the job puts on each export (the bucket has no default retention)
        environment.put("EXPORT_LOCK_MODE", config.objectLock().mode());
        environment.put("EXPORT_LOCK_DAYS", Integer.toString(config.objectLock().retentionDays()));
        if (config.encryption().usesKms()) {
            environment.put("KMS_KEY_ARN", ReportKeyAccess.aliasArn(this, config));
        }
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        job = new ScheduledJavaFunction(this, "Directory", ScheduledJavaFunctionProps.builder()
                .functionName(Names.DIRECTORY_FUNCTION)
                .description("Stocktake account directory: the organization's accounts to the central bucket, daily")
                .handler(HANDLER)
                .jar(directoryJar)
                .timeout(Duration.minutes(10))
                .environment(environment)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                // the central bucket policy and key policy name the role
                .roleName(Names.DIRECTORY_ROLE)
                .roleDescription("Stocktake account directory: exports the organization's accounts to the central bucket")
                .scheduleName("stocktake-account-directory-daily")
                .scheduleDescription("Exports the account directory once a day, before the collectors' window")
                .scheduleExpression(config.coverage().directorySchedule())
                .timeZone(config.schedule().timeZone())
                .retryAttempts(3)
                .maxEventAge(Duration.hours(1))
                .deadLetterQueueName("stocktake-account-directory-schedule-dlq")
                .errorsAlarmName("stocktake-account-directory-errors")
                .errorsAlarmDescription("The Stocktake account directory export failed: today's coverage falls back to the last export")
                .build());
        Role role = job.role();
        // ListRoots and ListAccounts have no resource types; the tree walk and the tags are limited to this organization.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListOrganization")
                .actions(List.of("organizations:ListRoots", "organizations:ListAccounts"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WalkOrganizationTree")
                .actions(List.of("organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent"))
                .resources(List.of(
                        "arn:" + partition + ":organizations::" + management + ":root/" + org + "/*",
                        "arn:" + partition + ":organizations::" + management + ":ou/" + org + "/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("AccountTags")
                .actions(List.of("organizations:ListTagsForResource"))
                .resources(List.of("arn:" + partition + ":organizations::" + management + ":account/" + org + "/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteDirectory")
                // PutObjectRetention: the write carries the export's Object Lock retention
                .actions(List.of("s3:PutObject", "s3:PutObjectRetention"))
                .resources(List.of(exports))
                .build());
        if (config.encryption().usesKms()) {
            ReportKeyAccess.grantGenerateDataKey(role, "EncryptDirectory", config);
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                "organizations:ListRoots and organizations:ListAccounts support no resource-level permissions; the other "
                        + "Organizations actions are limited to this organization's roots, OUs and accounts.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::" + management + ":root/" + org + "/*]",
                "The export walks the OU tree from this organization's root, whose ID is not known at synth.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::" + management + ":ou/" + org + "/*]",
                "The export walks every OU of this organization, including OUs created later.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::" + management + ":account/" + org + "/*]",
                "The export reads the tags of every account of this organization, including accounts created later.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName() + "/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The export's key holds its date (accounts/YYYY/MM/DD/accounts.csv); only PutObject (with its Object Lock "
                        + "retention), only under accounts/.");
    }

    public Role role() {
        return job.role();
    }

    public Function function() {
        return job.function();
    }

    public Schedule schedule() {
        return job.schedule();
    }

    public Alarm errors() {
        return job.errors();
    }
}
