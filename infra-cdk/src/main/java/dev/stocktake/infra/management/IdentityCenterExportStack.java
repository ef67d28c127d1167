package dev.stocktake.infra.management;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.ReportKeyAccess;
import dev.stocktake.infra.config.IdentityCenterOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The Identity Center exporter, in the management account or the Identity Center delegated administrator
 * ({@code identityCenter.accountId}) and the instance's region ({@code identityCenter.region}): once a day, before the
 * collectors' window like the account directory, it writes the instance's users, groups, memberships and account
 * assignments to {@code identity-center/YYYY/MM/DD/identity-center.json} in the central bucket.
 *
 * <p>Least privilege: the read actions the export calls and nothing else, each on the resource types the Service
 * Authorization Reference gives it. {@code sso:ListInstances} has none ({@code *}); the other sso-admin actions name the
 * instance ({@code identityCenter.instanceArn}, else any instance of the account: it has at most one organization
 * instance), its permission sets, and the accounts (every account of the organization, including later ones); the
 * Identity Store actions name the identity store ({@code identityCenter.identityStoreId}, else the account's store) and
 * its users, groups and memberships. The role may put only its own key under {@code identity-center/} (the central
 * bucket policy names this role by ARN and denies it every other key), encrypted with the report key.
 *
 * <p>The role reads every person's name, emails, external IDs, groups and account assignments: docs/security.md.
 */
public final class IdentityCenterExportStack extends Stack {
    static final String HANDLER = "dev.stocktake.identitycenter.IdentityCenterHandler::handleRequest";
    /** Exactly what the exporter calls in sso-admin. */
    public static final List<String> SSO_ACTIONS = List.of("sso:ListInstances", "sso:ListPermissionSets",
            "sso:DescribePermissionSet", "sso:ListAccountsForProvisionedPermissionSet", "sso:ListAccountAssignments");
    /** Exactly what the exporter calls in the Identity Store. */
    public static final List<String> IDENTITY_STORE_ACTIONS = List.of("identitystore:ListUsers", "identitystore:ListGroups",
            "identitystore:ListGroupMemberships");

    private final ScheduledJavaFunction job;

    public IdentityCenterExportStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path jar) {
        super(scope, id, props);
        IdentityCenterOptions options = config.identityCenter();
        String partition = getPartition();
        String export = "arn:" + partition + ":s3:::" + config.reportBucketName() + "/" + StocktakeConfig.IDENTITY_CENTER_PREFIX
                + "????/??/??/" + StocktakeConfig.IDENTITY_CENTER_FILE;

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("IDENTITY_CENTER_PREFIX", StocktakeConfig.IDENTITY_CENTER_PREFIX);
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        if (options.instanceArn() != null) {
            environment.put("INSTANCE_ARN", options.instanceArn());
        }
        // Object Lock retention the exporter puts on each export (the bucket has no default retention)
        environment.put("EXPORT_LOCK_MODE", config.objectLock().mode());
        environment.put("EXPORT_LOCK_DAYS", Integer.toString(config.objectLock().retentionDays()));
        if (config.encryption().usesKms()) {
            environment.put("KMS_KEY_ARN", ReportKeyAccess.aliasArn(this, config));
        }
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        job = new ScheduledJavaFunction(this, "Export", ScheduledJavaFunctionProps.builder()
                .functionName(Names.IDENTITY_CENTER_FUNCTION)
                .description("Stocktake Identity Center export: users, groups and account assignments to the central bucket, daily")
                .handler(HANDLER)
                .jar(jar)
                .timeout(Duration.minutes(10))
                .environment(environment)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                // the central bucket policy and key policy name the role
                .roleName(Names.IDENTITY_CENTER_ROLE)
                .roleDescription("Stocktake Identity Center export: reads IAM Identity Center users, groups and assignments, "
                        + "writes them to the central bucket")
                .scheduleName(Names.IDENTITY_CENTER_SCHEDULE)
                // named, so the guardrail SCP can name it when this runs in a member account (delegated administrator)
                .scheduleRoleName(Names.IDENTITY_CENTER_SCHEDULER_ROLE)
                .scheduleDescription("Exports IAM Identity Center once a day, before the collectors' window")
                .scheduleExpression(options.schedule())
                .timeZone(config.schedule().timeZone())
                .retryAttempts(3)
                .maxEventAge(Duration.hours(1))
                .deadLetterQueueName(Names.IDENTITY_CENTER_DEAD_LETTER_QUEUE)
                .errorsAlarmName(Names.IDENTITY_CENTER_ALARM_PREFIX + "errors")
                .errorsAlarmDescription("The Stocktake Identity Center export failed: nothing was written today, and the "
                        + "migration views use the last export")
                .build());
        Role role = job.role();
        String sso = "arn:" + partition + ":sso:::";
        String instance = options.instanceId() != null ? options.instanceId() : "*";
        List<String> instances = List.of(sso + "instance/" + instance);
        List<String> permissionSets = List.of(sso + "permissionSet/" + instance + "/*");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("FindInstance")
                .actions(List.of("sso:ListInstances"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListPermissionSets")
                .actions(List.of("sso:ListPermissionSets"))
                .resources(instances)
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadPermissionSets")
                .actions(List.of("sso:DescribePermissionSet", "sso:ListAccountsForProvisionedPermissionSet"))
                .resources(concat(instances, permissionSets))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListAccountAssignments")
                .actions(List.of("sso:ListAccountAssignments"))
                .resources(concat(concat(instances, permissionSets), List.of(sso + "account/*")))
                .build());
        String store = options.identityStoreId() != null ? options.identityStoreId() : "*";
        List<String> stores = new ArrayList<>();
        stores.add("arn:" + partition + ":identitystore::" + options.accountId() + ":identitystore/" + store);
        if (options.delegatedAdmin()) {
            // an organization instance's identity store belongs to the management account
            stores.add("arn:" + partition + ":identitystore::" + config.managementAccountId() + ":identitystore/" + store);
        }
        String identityStore = "arn:" + partition + ":identitystore:::";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListUsers")
                .actions(List.of("identitystore:ListUsers"))
                .resources(concat(stores, List.of(identityStore + "user/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListGroups")
                .actions(List.of("identitystore:ListGroups"))
                .resources(concat(stores, List.of(identityStore + "group/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListGroupMemberships")
                .actions(List.of("identitystore:ListGroupMemberships"))
                .resources(concat(stores, List.of(identityStore + "group/*", identityStore + "membership/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteExport")
                // PutObjectRetention: the write carries the export's Object Lock retention; GetObject: HeadObject of
                // today's export for the ETag of a same-day replace (If-Match)
                .actions(List.of("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject"))
                .resources(List.of(export))
                .build());
        if (config.encryption().usesKms()) {
            ReportKeyAccess.grantGenerateDataKey(role, "EncryptExport", config);
        }
        acknowledge(role, config, options, stores);
    }

    private static void acknowledge(Role role, StocktakeConfig config, IdentityCenterOptions options, List<String> stores) {
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                "sso:ListInstances supports no resource-level permissions; every other action names the instance, its "
                        + "permission sets, the accounts or the identity store.");
        String instance = options.instanceId() != null ? options.instanceId() : "*";
        if (options.instanceId() == null) {
            Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::instance/*]",
                    "identityCenter.instanceArn is not set: the export finds the account's one instance with ListInstances. "
                            + "Set it to name that instance only.");
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::permissionSet/" + instance + "/*]",
                "Read only: the export describes every permission set of the instance, including ones created later.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sso:::account/*]",
                "Read only (ListAccountAssignments): every account a permission set is provisioned to, including accounts created later.");
        for (String store : stores) {
            if (store.endsWith("/*")) {
                Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::" + store.replace("arn:" + Stack.of(role).getPartition(),
                                "arn:<AWS::Partition>") + "]",
                        "identityCenter.identityStoreId is not set: the account's identity store, whose ID the export reads "
                                + "from ListInstances. Set it to name that store only.");
            }
        }
        for (String kind : List.of("user", "group", "membership")) {
            Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:identitystore:::" + kind + "/*]",
                    "Read only: the Identity Store's List actions require the resource type of all " + kind + "s "
                            + "(identitystore:::" + kind + "/*), in addition to the identity store.");
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName() + "/"
                        + StocktakeConfig.IDENTITY_CENTER_PREFIX + "????/??/??/" + StocktakeConfig.IDENTITY_CENTER_FILE + "]",
                "The export's key holds its date (identity-center/YYYY/MM/DD/identity-center.json); the bucket policy denies "
                        + "this role every other key.");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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

    /** The job: function, role, schedule, dead-letter queue, alarms. */
    public ScheduledJavaFunction job() {
        return job;
    }
}
