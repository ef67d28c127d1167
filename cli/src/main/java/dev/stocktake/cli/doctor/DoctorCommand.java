package dev.stocktake.cli.doctor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stocktake doctor}: checks a real deployment stage by stage with the operator's credentials (a profile per
 * account role) and says what to fix.
 */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
                "Checks a deployed Stocktake stage by stage and says what to fix: the StackSet's instances per account, "
                        + "which active accounts have no report for the day (and why), the account directory export, "
                        + "the Glue tables and views against the code, the last runs of the scheduled jobs, and alarms "
                        + "in ALARM.",
                "",
                "One line per check: OK, PROBLEM (with what to do) or UNKNOWN (could not look: names the denied "
                        + "permission). Read-only: it changes nothing. Credentials: a profile per account (SSO profiles "
                        + "work), else --profile, else AWS_PROFILE or the environment's credentials.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake doctor -c infra-cdk/stocktake.config.json \\",
                "      --management-profile org-admin --central-profile reporting",
                "  ./stocktake doctor -c my.config.json --profile ops --day 2026-12-01 -o json",
                "  ./stocktake doctor -c my.config.json --profile ops \\",
                "      --member-role OrganizationAccountAccessRole",
                "",
                "Every check, the permissions it needs and what its answers mean: docs/doctor.md"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy: every check passed",
                "1:a check found a problem, or could not look (UNKNOWN); each line says what to do",
                "2:bad flags or configuration: the config file, a profile, credentials of another account than the config names"})
public final class DoctorCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final Clock clock;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "The stocktake.config.json the deployment was synthesized from (cdk synth -c config=FILE).")
    Path config;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile for every account without its own flag (default: AWS_PROFILE, else the environment's credentials).")
    String profile;

    @Option(names = {"--management-profile", "--profile-management"}, paramLabel = "NAME",
            description = "Profile of the management account: Organizations, its collector and account directory, its alarms.")
    String managementProfile;

    @Option(names = {"--central-profile", "--profile-central"}, paramLabel = "NAME",
            description = "Profile of the central (reporting) account: the bucket, Glue, the notifier, compaction, coverage, alarms.")
    String centralProfile;

    @Option(names = {"--stackset-profile", "--profile-stackset"}, paramLabel = "NAME",
            description = "Profile of the StackSet administrator, when stackSet.callAs is DELEGATED_ADMIN (default: the management profile).")
    String stackSetProfile;

    @Option(names = "--member-role", paramLabel = "ROLE",
            description = "A role the management account may assume in member accounts (e.g. OrganizationAccountAccessRole): "
                    + "to read the collector's log of an account that did not report.")
    String memberRole;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD",
            description = "The report day to check (default: yesterday in reportTimeZone, whose collection window is over).")
    LocalDate day;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    String output;

    public DoctorCommand(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    DoctorCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"text".equals(output) && !"json".equals(output)) {
            err.println("stocktake doctor: -o/--output must be text or json, not '" + output + "'");
            return 2;
        }
        try {
            DeploymentConfig deployment = DeploymentConfig.read(config);
            Instant now = clock.instant();
            LocalDate checked = day != null ? day : now.atZone(deployment.reportTimeZone()).toLocalDate().minusDays(1);
            String fallback = profile != null ? profile : blankToNull(env.get("AWS_PROFILE"));
            AwsAccess.Profiles profiles = new AwsAccess.Profiles(managementProfile, centralProfile, stackSetProfile, fallback);
            try (AwsAccess access = AwsAccess.open(deployment, profiles, env)) {
                List<CheckResult> results = new Doctor(access, deployment, checked, memberRole).run(now);
                if ("json".equals(output)) {
                    DoctorOutput.json(out, deployment, checked, results);
                } else {
                    DoctorOutput.text(out, deployment, checked, results);
                }
                out.flush();
                return DoctorOutput.healthy(results) ? 0 : 1;
            }
        } catch (DoctorException e) {
            err.println("stocktake doctor: " + e.getMessage());
            return 2;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
