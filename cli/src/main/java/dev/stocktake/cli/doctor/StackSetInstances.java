package dev.stocktake.cli.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CallAs;
import software.amazon.awssdk.services.cloudformation.model.StackInstanceSummary;

/**
 * The collector StackSet's instances in the collector region, per account, as the StackSet administrator lists them
 * ({@code cloudformation:ListStackInstances}, {@code CallAs DELEGATED_ADMIN} when the config says so), and the check
 * that holds them against the organization's active accounts in the target OUs.
 *
 * @param byAccount the instance of each account (the collector region only)
 */
record StackSetInstances(Map<String, Instance> byAccount) {

    /**
     * One stack instance.
     *
     * @param status         {@code CURRENT}, {@code OUTDATED} or {@code INOPERABLE}
     * @param detailedStatus {@code SUCCEEDED}, {@code FAILED}, {@code RUNNING}, {@code PENDING}, {@code CANCELLED}...,
     *                       or null
     * @param reason         CloudFormation's status reason, or null
     */
    record Instance(String account, String status, String detailedStatus, String reason) {

        boolean current() {
            return "CURRENT".equals(status);
        }

        String describe() {
            return status + (detailedStatus == null ? "" : "/" + detailedStatus)
                    + (reason == null || reason.isBlank() ? "" : ": " + reason);
        }
    }

    StackSetInstances {
        byAccount = Map.copyOf(byAccount);
    }

    static final String CHECK = "stackset";

    /** Lists the instances; a StackSet that does not exist is a PROBLEM the caller reports ({@link Missing}). */
    static StackSetInstances list(AwsAccess access, DeploymentConfig config) {
        return list(access, config, DeployedNames.STACK_SET, CHECK, "StocktakeStackSet");
    }

    /**
     * The instances of the StackSet {@code name} in the collector region; when it does not exist, {@link Missing} names
     * the {@code check} and the app's {@code stack} that deploys it.
     */
    static StackSetInstances list(AwsAccess access, DeploymentConfig config, String name, String check, String stack) {
        AwsAccess.Account admin = access.account(AwsAccess.Role.STACKSET_ADMIN);
        CloudFormationClient cloudFormation = access.cloudFormation(admin);
        List<StackInstanceSummary> summaries;
        try {
            summaries = Calls.call(admin, "cloudformation:ListStackInstances",
                    () -> cloudFormation.listStackInstancesPaginator(r -> r.stackSetName(name)
                                    .stackInstanceRegion(config.collectorRegion())
                                    .callAs(config.delegatedAdmin() ? CallAs.DELEGATED_ADMIN : CallAs.SELF))
                            .summaries().stream().toList());
        } catch (AwsServiceException e) {
            if (Calls.is(e, "StackSetNotFoundException")) {
                throw new Missing(admin, config, name, check, stack);
            }
            throw e;
        }
        Map<String, Instance> byAccount = new LinkedHashMap<>();
        for (StackInstanceSummary summary : summaries) {
            if (!config.collectorRegion().equals(summary.region())) {
                continue;
            }
            String detailed = summary.stackInstanceStatus() == null ? null
                    : summary.stackInstanceStatus().detailedStatusAsString();
            byAccount.put(summary.account(), new Instance(summary.account(), summary.statusAsString(), detailed,
                    summary.statusReason()));
        }
        return new StackSetInstances(byAccount);
    }

    /** The check: every active account of the target OUs has a CURRENT instance (the management account never does). */
    CheckResult check(DeploymentConfig config, Organization organization) {
        List<CheckResult.Finding> findings = new ArrayList<>();
        long current = byAccount.values().stream().filter(Instance::current).count();
        Map<String, Organization.Member> members = new LinkedHashMap<>();
        if (organization != null) {
            organization.accounts().forEach(member -> members.put(member.id(), member));
        }
        for (Instance instance : byAccount.values()) {
            Organization.Member member = members.get(instance.account());
            if (instance.current() || (member != null && !member.active())) {
                continue; // a suspended or closed account's instance cannot be updated and needs nothing
            }
            findings.add(new CheckResult.Finding(member == null ? instance.account() : member.label(),
                    "stack instance " + instance.describe(), fixFor(instance, config)));
        }
        long targeted = 0;
        if (organization != null) {
            for (Organization.Member member : organization.accounts()) {
                if (!member.active() || !member.inTargetOus() || member.id().equals(config.managementAccountId())) {
                    continue;
                }
                targeted++;
                if (!byAccount.containsKey(member.id())) {
                    findings.add(new CheckResult.Finding(member.label(), "no stack instance in " + config.collectorRegion()
                            + " although the account is active in a target OU", noInstanceFix(config)));
                }
            }
        }
        String summary = DeployedNames.STACK_SET + " in " + config.stackSetAdminAccountId() + "/" + config.collectorRegion()
                + ": " + byAccount.size() + " instance" + (byAccount.size() == 1 ? "" : "s") + ", " + current + " CURRENT"
                + (organization == null ? " (the organization's accounts are unknown: see accounts)"
                : "; " + targeted + " active account" + (targeted == 1 ? "" : "s") + " in the target OUs");
        return CheckResult.of(CHECK, summary, findings);
    }

    /**
     * The remediation StackSet's check (with {@code remediation.enabled}): every instance CURRENT. Which accounts should
     * have one depends on {@code remediation.targetOuIds}, which the doctor does not read: it counts and names what is
     * not CURRENT.
     */
    CheckResult remediationCheck(DeploymentConfig config, Organization organization, String check) {
        Map<String, Organization.Member> members = new LinkedHashMap<>();
        if (organization != null) {
            organization.accounts().forEach(member -> members.put(member.id(), member));
        }
        List<CheckResult.Finding> findings = new ArrayList<>();
        long current = byAccount.values().stream().filter(Instance::current).count();
        for (Instance instance : byAccount.values()) {
            Organization.Member member = members.get(instance.account());
            if (instance.current() || (member != null && !member.active())) {
                continue;
            }
            findings.add(new CheckResult.Finding(member == null ? instance.account() : member.label(),
                    "remediation role instance " + instance.describe(),
                    "fix the cause named, then redeploy the instance: aws cloudformation update-stack-instances --stack-set-name "
                            + DeployedNames.REMEDIATION_STACK_SET + " --deployment-targets OrganizationalUnitIds=<its OU> --regions "
                            + config.collectorRegion() + callAsFlag(config) + "; until then stocktake remediate cannot act there"));
        }
        String summary = DeployedNames.REMEDIATION_STACK_SET + " in " + config.stackSetAdminAccountId() + "/"
                + config.collectorRegion() + ": " + byAccount.size() + " instance" + (byAccount.size() == 1 ? "" : "s") + ", "
                + current + " CURRENT (the role stocktake-remediation; none in the management account)";
        return CheckResult.of(check, summary, findings);
    }

    static String callAsFlag(DeploymentConfig config) {
        return config.delegatedAdmin() ? " --call-as DELEGATED_ADMIN" : "";
    }

    private static String fixFor(Instance instance, DeploymentConfig config) {
        if ("RUNNING".equals(instance.detailedStatus()) || "PENDING".equals(instance.detailedStatus())) {
            return "an operation is deploying it now: run the doctor again when `aws cloudformation list-stack-set-operations "
                    + "--stack-set-name " + DeployedNames.STACK_SET + callAsFlag(config) + "` shows it ended";
        }
        if ("SKIPPED_SUSPENDED_ACCOUNT".equals(instance.detailedStatus())) {
            return "the account is suspended: nothing to do unless it is reinstated";
        }
        return "fix the cause named, then redeploy the instance: aws cloudformation update-stack-instances --stack-set-name "
                + DeployedNames.STACK_SET + " --deployment-targets OrganizationalUnitIds=<its OU> --regions "
                + config.collectorRegion() + callAsFlag(config) + " (the operation's per-account reason: aws cloudformation "
                + "list-stack-set-operation-results --stack-set-name " + DeployedNames.STACK_SET + " --operation-id <id>"
                + callAsFlag(config) + ")";
    }

    static String noInstanceFix(DeploymentConfig config) {
        return "automatic deployment adds an account minutes after it joins a target OU; if it has not, see the failed "
                + "operation (aws cloudformation list-stack-set-operations --stack-set-name " + DeployedNames.STACK_SET
                + callAsFlag(config) + ") or add the instance: aws cloudformation create-stack-instances --stack-set-name "
                + DeployedNames.STACK_SET + " --deployment-targets OrganizationalUnitIds=<its OU> --regions "
                + config.collectorRegion() + callAsFlag(config);
    }

    /** The StackSet does not exist where the config says. */
    static final class Missing extends RuntimeException {
        private final transient CheckResult result;

        Missing(AwsAccess.Account admin, DeploymentConfig config, String name, String check, String stack) {
            super("StackSet " + name + " not found");
            this.result = CheckResult.problem(check, "StackSet " + name + " not found in "
                            + admin.describe() + ", " + config.collectorRegion(),
                    "deploy it with credentials of that account: cd infra-cdk && npx cdk deploy --exclusively " + stack
                            + (config.delegatedAdmin() ? " (with stackSet.callAs DELEGATED_ADMIN the account must be a registered "
                            + "delegated administrator: aws organizations list-delegated-administrators "
                            + "--service-principal member.org.stacksets.cloudformation.amazonaws.com)" : ""),
                    List.of());
        }

        CheckResult result() {
            return result;
        }
    }
}
