package dev.stocktake.cli.doctor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which active accounts have no report for the day in the central bucket, and why where the doctor can tell: not in
 * the target OUs, no StackSet instance, a failed instance, or the collector's own log (its last error, or that it did
 * not run) when the operator can read it: the management account's with the management credentials, a member's
 * through {@code --member-role}.
 */
final class ReportsCheck {

    static final String CHECK = "reports";

    private final AwsAccess access;
    private final DeploymentConfig config;
    private final LocalDate day;
    private final String memberRole;

    ReportsCheck(AwsAccess access, DeploymentConfig config, LocalDate day, String memberRole) {
        this.access = access;
        this.config = config;
        this.day = day;
        this.memberRole = memberRole;
    }

    /**
     * @param organization the accounts, or null when they could not be read
     * @param instances    the StackSet's instances, or null when they could not be read
     */
    CheckResult run(Organization organization, StackSetInstances instances) {
        AwsAccess.Account central = access.account(AwsAccess.Role.CENTRAL);
        S3Client s3 = access.s3(central);
        String folder = config.reportPrefix() + ReportKeys.datePath(day);
        List<S3Object> objects;
        try {
            objects = Calls.call(central, "s3:ListBucket", () -> s3.listObjectsV2Paginator(r -> r.bucket(config.bucket())
                    .prefix(folder)).contents().stream().toList());
        } catch (AwsServiceException e) {
            if (Calls.is(e, "NoSuchBucket")) {
                return CheckResult.problem(CHECK, "the report bucket " + config.bucket() + " does not exist in "
                                + central.describe(),
                        "deploy StocktakeCentral (docs/deploy.md), or set bucketName in " + config.file()
                                + " to the bucket it created", List.of());
            }
            throw e;
        }
        Set<String> reported = new HashSet<>();
        for (S3Object object : objects) {
            ReportKeys.parse(object.key().substring(config.reportPrefix().length()))
                    .ifPresent(key -> reported.add(key.accountId()));
        }
        String where = "s3://" + config.bucket() + "/" + folder;
        if (organization == null) {
            return CheckResult.unknown(CHECK, reported.size() + " account" + (reported.size() == 1 ? "" : "s")
                            + " reported for " + day + " in " + where + "; which accounts should have is unknown",
                    "see the accounts check: the doctor needs organizations:ListAccounts (--management-profile) or the "
                            + "day's account directory export");
        }
        List<Organization.Member> expected = organization.accounts().stream()
                .filter(member -> member.expectedOn(day, config.reportTimeZone())).toList();
        List<CheckResult.Finding> findings = new ArrayList<>();
        for (Organization.Member member : expected) {
            if (!reported.contains(member.id())) {
                findings.add(why(member, instances));
            }
        }
        String summary = (expected.size() - findings.size()) + " of " + expected.size()
                + " active account" + (expected.size() == 1 ? "" : "s") + " reported for " + day + " (" + where + ")";
        return CheckResult.of(CHECK, summary, findings);
    }

    private CheckResult.Finding why(Organization.Member member, StackSetInstances instances) {
        String missing = "no report for " + day;
        if (member.id().equals(config.managementAccountId())) {
            String log = collectorLog(access.account(AwsAccess.Role.MANAGEMENT),
                    () -> access.logs(access.account(AwsAccess.Role.MANAGEMENT)), "");
            return new CheckResult.Finding(member.label(), missing + ": the management account's own collector (stack "
                    + DeployedNames.MANAGEMENT_COLLECTOR_STACK + ") " + log,
                    "deploy it if it is missing (npx cdk deploy --exclusively " + DeployedNames.MANAGEMENT_COLLECTOR_STACK
                            + ", management account), else fix what its log says; run it now: aws lambda invoke "
                            + "--function-name " + DeployedNames.COLLECTOR_FUNCTION + ":live out.json");
        }
        if (!member.inTargetOus()) {
            return new CheckResult.Finding(member.label(), missing + ": the account is not under targetOuIds "
                    + config.targetOuIds() + ", so the StackSet does not deploy the collector there",
                    "move the account into a target OU, or add its OU to targetOuIds in " + config.file()
                            + " and deploy StocktakeStackSet again");
        }
        if (instances == null) {
            return new CheckResult.Finding(member.label(), missing + "; the StackSet's instances could not be read (see "
                    + StackSetInstances.CHECK + ")", "see the " + StackSetInstances.CHECK + " check");
        }
        StackSetInstances.Instance instance = instances.byAccount().get(member.id());
        if (instance == null) {
            return new CheckResult.Finding(member.label(), missing + ": no StackSet instance in this account",
                    StackSetInstances.noInstanceFix(config));
        }
        if (!instance.current()) {
            return new CheckResult.Finding(member.label(), missing + ": its StackSet instance is " + instance.describe(),
                    "see the " + StackSetInstances.CHECK + " check for this account");
        }
        if (memberRole == null) {
            return new CheckResult.Finding(member.label(), missing + "; its StackSet instance is CURRENT, so the collector "
                    + "ran and failed, or did not run",
                    "its log says why: pass --member-role <role the management account may assume there, e.g. "
                            + "OrganizationAccountAccessRole>, or in that account: aws logs filter-log-events --log-group-name "
                            + DeployedNames.COLLECTOR_LOG_GROUP + " --filter-pattern ERROR");
        }
        String log = collectorLog(access.account(AwsAccess.Role.MANAGEMENT), () -> access.memberLogs(member.id(), memberRole),
                " through the role " + memberRole + " in " + member.id());
        return new CheckResult.Finding(member.label(), missing + "; its StackSet instance is CURRENT and its collector "
                + log, "fix what the log says, then run it again in that account: aws lambda invoke --function-name "
                + DeployedNames.COLLECTOR_FUNCTION + ":live out.json");
    }

    /** What the collector's log in one account says about the day, as the end of a sentence. */
    private String collectorLog(AwsAccess.Account through, Supplier<CloudWatchLogsClient> logs, String via) {
        Instant from = day.atStartOfDay(config.reportTimeZone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(config.reportTimeZone()).toInstant();
        try {
            LogErrors.Outcome outcome = LogErrors.read(through, logs.get(), DeployedNames.COLLECTOR_LOG_GROUP, from, to);
            return switch (outcome) {
                case LogErrors.Outcome.Error error -> "logged at " + error.time() + ": " + error.text();
                case LogErrors.Outcome.RanClean ignored -> "ran that day without logging an error, yet no report is there";
                case LogErrors.Outcome.NoRun ignored -> "did not run that day: check its schedule "
                        + DeployedNames.COLLECTOR_SCHEDULE + " (EventBridge Scheduler) and its dead-letter queue "
                        + DeployedNames.COLLECTOR_DEAD_LETTER_QUEUE;
            };
        } catch (CheckUnavailable e) {
            return "log could not be read" + via + " (" + e.getMessage() + ")";
        } catch (AwsServiceException e) {
            if (Calls.is(e, "ResourceNotFoundException")) {
                return "has no log group " + DeployedNames.COLLECTOR_LOG_GROUP + " in " + config.collectorRegion()
                        + ": it is not deployed there, or never ran";
            }
            if (Calls.is(e, "AccessDenied")) { // AssumeRole into the member account refused
                return "log could not be read (the management account may not assume the role " + memberRole + " there)";
            }
            return "log could not be read" + via + " (" + AwsErrors.describe(e) + ")";
        } catch (SdkClientException e) {
            return "log could not be read" + via + " (" + AwsErrors.describe(e) + ")";
        }
    }
}
