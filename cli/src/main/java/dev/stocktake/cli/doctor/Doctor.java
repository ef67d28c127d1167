package dev.stocktake.cli.doctor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs every check of a deployment in the order its stages are deployed, each on its own: a check that cannot look
 * (access denied, no credentials for that account) is UNKNOWN and the others still run.
 */
final class Doctor {

    private final AwsAccess access;
    private final DeploymentConfig config;
    private final LocalDate day;
    private final String memberRole;

    Doctor(AwsAccess access, DeploymentConfig config, LocalDate day, String memberRole) {
        this.access = access;
        this.config = config;
        this.day = day;
        this.memberRole = memberRole;
    }

    /** The remediation role StackSet's check, with {@code remediation.enabled}. */
    static final String REMEDIATION_CHECK = "remediation";

    List<CheckResult> run(Instant now) {
        List<CheckResult> results = new ArrayList<>();
        results.add(credentials());

        Organization[] organization = new Organization[1];
        results.add(guard("accounts", () -> {
            organization[0] = organization();
            long active = organization[0].accounts().stream().filter(Organization.Member::active).count();
            return CheckResult.ok("accounts", organization[0].accounts().size() + " accounts, " + active + " active ("
                    + organization[0].source() + ")");
        }));

        StackSetInstances[] instances = new StackSetInstances[1];
        results.add(guard(StackSetInstances.CHECK, () -> {
            try {
                instances[0] = StackSetInstances.list(access, config);
            } catch (StackSetInstances.Missing e) {
                return e.result();
            }
            return instances[0].check(config, organization[0]);
        }));

        if (config.remediationEnabled()) {
            results.add(guard(REMEDIATION_CHECK, () -> {
                try {
                    return StackSetInstances.list(access, config, DeployedNames.REMEDIATION_STACK_SET, REMEDIATION_CHECK,
                            DeployedNames.REMEDIATION_STACK_SET_STACK).remediationCheck(config, organization[0], REMEDIATION_CHECK);
                } catch (StackSetInstances.Missing e) {
                    return e.result();
                }
            }));
        }

        results.add(guard(ReportsCheck.CHECK,
                () -> new ReportsCheck(access, config, day, memberRole).run(organization[0], instances[0])));
        results.add(guard(DirectoryCheck.CHECK, () -> DirectoryCheck.run(access, config, day)));
        results.add(guard(CatalogCheck.CHECK, () -> CatalogCheck.run(access, config)));
        for (JobCheck job : jobs()) {
            results.add(guard(job.check(), () -> job.run(access, now)));
        }
        results.add(guard(AlarmsCheck.CHECK, () -> AlarmsCheck.run(access)));
        return results;
    }

    /** The scheduled jobs this deployment has, per its config. */
    List<JobCheck> jobs() {
        List<JobCheck> jobs = new ArrayList<>();
        jobs.add(new JobCheck("account-directory", AwsAccess.Role.MANAGEMENT, DeployedNames.DIRECTORY_FUNCTION,
                "StocktakeAccountDirectory", "docs/deploy.md#coverage-which-accounts-did-not-report"));
        jobs.add(new JobCheck("coverage-check", AwsAccess.Role.CENTRAL, DeployedNames.COVERAGE_FUNCTION,
                "StocktakeCentral", "docs/deploy.md#coverage-which-accounts-did-not-report"));
        if (config.notifierDeployed()) {
            jobs.add(new JobCheck("notifier", AwsAccess.Role.CENTRAL, DeployedNames.NOTIFIER_FUNCTION,
                    "StocktakeReporting", "docs/notifier.md"));
        }
        if (config.compactionEnabled()) {
            jobs.add(new JobCheck("compaction", AwsAccess.Role.CENTRAL, DeployedNames.COMPACTION_FUNCTION,
                    "StocktakeCentral", "docs/compaction.md"));
        }
        return jobs;
    }

    private CheckResult credentials() {
        List<String> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (AwsAccess.Role role : AwsAccess.Role.values()) {
            AwsAccess.Account account = access.account(role);
            if (account.usable()) {
                usable.add(role.label() + " " + account.accountId() + (account.profile() == null ? "" : " (profile " + account.profile() + ")"));
            } else {
                unusable.add(role.label() + " " + account.accountId() + ": " + account.problem());
            }
        }
        if (unusable.isEmpty()) {
            return CheckResult.ok("credentials", String.join(", ", usable));
        }
        return CheckResult.unknown("credentials", "no working credentials for " + String.join("; ", unusable)
                        + (usable.isEmpty() ? "" : " (working: " + String.join(", ", usable) + ")"),
                "pass --management-profile, --central-profile or --stackset-profile (or --profile) naming a profile of each "
                        + "account; the checks of the others run as they can");
    }

    private Organization organization() {
        try {
            return Organization.fromOrganizations(access, config);
        } catch (CheckUnavailable denied) {
            try {
                Organization fallback = Organization.fromDirectoryExport(access, config, day);
                return new Organization(fallback.accounts(), fallback.source() + "; Organizations not read: " + denied.getMessage());
            } catch (CheckUnavailable alsoDenied) {
                throw new CheckUnavailable(denied.getMessage() + "; and " + alsoDenied.getMessage(), denied.fix());
            }
        }
    }

    private static CheckResult guard(String check, Supplier<CheckResult> run) {
        try {
            return run.get();
        } catch (CheckUnavailable e) {
            return CheckResult.unknown(check, e.getMessage(), e.fix());
        } catch (SdkException e) {
            return CheckResult.unknown(check, "AWS answered " + AwsErrors.describe(e),
                    "run the doctor again; if it persists, the error names what to fix");
        }
    }
}
