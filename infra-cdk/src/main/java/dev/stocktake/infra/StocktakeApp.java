package dev.stocktake.infra;

import dev.stocktake.infra.central.CentralStack;
import dev.stocktake.infra.central.ReportingStack;
import dev.stocktake.infra.config.ConfigException;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.management.AccountDirectoryStack;
import dev.stocktake.infra.management.CollectorAssetsStack;
import dev.stocktake.infra.management.GuardrailsStack;
import dev.stocktake.infra.management.IdentityCenterExportStack;
import dev.stocktake.infra.management.OrgReadStack;
import dev.stocktake.infra.management.RemediationStackSetStack;
import dev.stocktake.infra.management.StackSetStack;
import dev.stocktake.infra.member.CollectorStack;
import dev.stocktake.infra.member.MemberTemplate;
import dev.stocktake.infra.member.RemediationRoleTemplate;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.quicksight.QuickSightDefinitions;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.regioninfo.RegionInfo;
import software.constructs.IConstruct;

/**
 * The Stocktake CDK app. {@code main} only reads the config and wires the stacks:
 *
 * <ol>
 *   <li>{@code StocktakeCentral} (central account): bucket, Glue, Athena</li>
 *   <li>{@code StocktakeOrgRead} (management account): the org-read role</li>
 *   <li>{@code StocktakeCollectorAssets-<region>} (StackSet administrator): the collector jar per region</li>
 *   <li>{@code StocktakeStackSet} (StackSet administrator): the service-managed StackSet</li>
 *   <li>{@code StocktakeManagementCollector} (management account): the member template as a plain stack</li>
 *   <li>{@code StocktakeAccountDirectory} (management account): the daily export of the organization's accounts</li>
 *   <li>{@code StocktakeReporting} (central account, when a digest channel or QuickSight principals are configured):
 *       the notifier and QuickSight</li>
 *   <li>{@code StocktakeGuardrails} (management account, unless {@code guardrails.enabled} is false): the service
 *       control policy that keeps member accounts from changing their collector and alert forwarder</li>
 *   <li>{@code StocktakeIdentityCenterExport} ({@code identityCenter.accountId}: the management account or the Identity
 *       Center delegated administrator, in {@code identityCenter.region}; unless {@code identityCenter.enabled} is
 *       false): the daily export of IAM Identity Center's users, groups and account assignments</li>
 *   <li>{@code StocktakeRemediationStackSet} (StackSet administrator, when {@code remediation.enabled}): the
 *       service-managed StackSet that puts the remediation role into every account of {@code remediation.targetOuIds}</li>
 * </ol>
 */
public final class StocktakeApp {
    public static final String CENTRAL = "StocktakeCentral";
    public static final String ORG_READ = "StocktakeOrgRead";
    public static final String ASSETS_PREFIX = "StocktakeCollectorAssets-";
    public static final String STACK_SET = "StocktakeStackSet";
    public static final String MANAGEMENT_COLLECTOR = "StocktakeManagementCollector";
    public static final String ACCOUNT_DIRECTORY = "StocktakeAccountDirectory";
    public static final String REPORTING = "StocktakeReporting";
    public static final String GUARDRAILS = "StocktakeGuardrails";
    public static final String IDENTITY_CENTER = "StocktakeIdentityCenterExport";
    public static final String REMEDIATION_STACK_SET = "StocktakeRemediationStackSet";

    /**
     * Every stack of the app, and the member template; {@code reporting}, {@code guardrails},
     * {@code identityCenter}, {@code remediationStackSet} and {@code remediationRole} (the remediation StackSet's
     * template) are null when the config asks for none.
     */
    public record Stacks(CentralStack central, OrgReadStack orgRead, List<CollectorAssetsStack> assets,
                         StackSetStack stackSet, CollectorStack managementCollector, AccountDirectoryStack accountDirectory,
                         MemberTemplate member, ReportingStack reporting, GuardrailsStack guardrails,
                         IdentityCenterExportStack identityCenter, RemediationStackSetStack remediationStackSet,
                         RemediationRoleTemplate remediationRole) {
        public List<software.amazon.awscdk.Stack> all() {
            List<software.amazon.awscdk.Stack> out = new ArrayList<>();
            out.add(central);
            out.add(orgRead);
            out.addAll(assets);
            out.add(stackSet);
            out.add(managementCollector);
            out.add(accountDirectory);
            if (reporting != null) {
                out.add(reporting);
            }
            if (guardrails != null) {
                out.add(guardrails);
            }
            if (identityCenter != null) {
                out.add(identityCenter);
            }
            if (remediationStackSet != null) {
                out.add(remediationStackSet);
            }
            return out;
        }
    }

    private StocktakeApp() {
    }

    public static void main(String[] args) {
        RepoPaths paths = RepoPaths.locate();
        // Under the cdk CLI, CDK_OUTDIR names the output; the Maven-only synth writes infra-cdk/cdk.out.
        App app = newApp(System.getenv("CDK_OUTDIR") == null ? paths.root().resolve("infra-cdk/cdk.out").toString() : null);
        Object configContext = app.getNode().tryGetContext("config");
        String configFile = configContext != null ? configContext.toString() : System.getenv("STOCKTAKE_CONFIG");
        Path configPath = configFile != null ? Path.of(configFile) : paths.defaultConfig();
        StocktakeConfig config;
        try {
            config = StocktakeConfig.load(configPath, knownRegions());
        } catch (ConfigException e) {
            System.err.println(configPath + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Stacks stacks;
        try {
            stacks = define(app, config, paths, Path.of(app.getOutdir()).resolve("stocktake-member"));
        } catch (ConfigException e) {
            // files the config points at, checked while defining the stacks (the allowlist)
            System.err.println(configPath + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        // the real-time alerts on IAM user and credential changes: StocktakeAlerts, StocktakeAlertForwarderStackSet and
        // StocktakeManagementAlertForwarder, when alerts.enabled
        AlertStacks alerts = AlertStacks.define(app, config, config.alerts().enabled() ? paths.notifierJar() : null,
                Path.of(app.getOutdir()).resolve("stocktake-alert-forwarder"));
        List<String> findings = new ArrayList<>(nagFindings(stacks));
        if (alerts != null) {
            findings.addAll(alerts.nagFindings());
        }
        if (!findings.isEmpty()) {
            System.err.println("cdk-nag AwsSolutions findings (fix them or acknowledge them with a reason):\n  "
                    + String.join("\n  ", findings));
            System.exit(3);
            return;
        }
        app.synth();
    }

    /** A CDK app with the context this project relies on (and an optional output directory). */
    public static App newApp(String outdir) {
        Map<String, Object> context = new HashMap<>();
        // Server access logs are delivered through a bucket policy (works with BucketOwnerEnforced).
        context.put("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        AppProps.Builder props = AppProps.builder().context(context);
        if (outdir != null) {
            props.outdir(outdir);
        }
        App app = new App(props.build());
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        return app;
    }

    /** Region codes CDK knows. */
    public static Set<String> knownRegions() {
        return RegionInfo.getRegions().stream().map(RegionInfo::getName).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Defines every stack in {@code app}.
     *
     * @param memberOutdir where the member template's own app is synthesized
     */
    public static Stacks define(App app, StocktakeConfig config, RepoPaths paths, Path memberOutdir) {
        Path jar = paths.collectorJar();
        String collectorRegion = config.collectorRegions().getFirst();
        String admin = config.stackSet().adminAccountId();

        CentralStack central = new CentralStack(app, CENTRAL,
                StackEnv.of(config.centralAccountId(), config.centralRegion(), "Stocktake central reporting: report bucket, Glue, Athena"),
                config, paths);
        OrgReadStack orgRead = new OrgReadStack(app, ORG_READ,
                StackEnv.of(config.managementAccountId(), collectorRegion, "Stocktake org-read role (management account)"),
                config);
        MemberTemplate member = MemberTemplate.synthesize(config, jar, memberOutdir);
        List<CollectorAssetsStack> assets = new ArrayList<>();
        for (String region : config.collectorRegions()) {
            assets.add(new CollectorAssetsStack(app, ASSETS_PREFIX + region,
                    StackEnv.of(admin, region, "Stocktake collector code for the StackSet in " + region), config, jar));
        }
        StackSetStack stackSet = new StackSetStack(app, STACK_SET,
                StackEnv.of(admin, collectorRegion, "Stocktake collector StackSet (service-managed, automatic deployment)"),
                config, member.templateBody());
        assets.forEach(a -> stackSet.addStackDependency(a));
        stackSet.addStackDependency(orgRead);
        CollectorStack managementCollector = new CollectorStack(app, MANAGEMENT_COLLECTOR,
                StackEnv.of(config.managementAccountId(), collectorRegion,
                        "Stocktake collector of the management account (StackSets never deploy there)"),
                config, jar);
        managementCollector.addStackDependency(orgRead);
        AccountDirectoryStack accountDirectory = new AccountDirectoryStack(app, ACCOUNT_DIRECTORY,
                StackEnv.of(config.managementAccountId(), collectorRegion,
                        "Stocktake account directory: the organization's accounts to the central bucket, daily (management account)"),
                config, paths.directoryJar());
        ReportingStack reporting = null;
        if (config.notifier().enabled() || config.quickSight().enabled()) {
            reporting = new ReportingStack(app, REPORTING, StackEnv.of(config.centralAccountId(), config.centralRegion(),
                    "Stocktake reporting: the daily digest (notifier) and QuickSight"), config,
                    central.exportValue(central.resultsBucket().getBucketArn()),
                    paths::notifierJar, QuickSightDefinitions.shipped());
            reporting.addDependency(central);
        }
        GuardrailsStack guardrails = null;
        if (config.guardrails().enabled()) {
            guardrails = new GuardrailsStack(app, GUARDRAILS, StackEnv.of(config.managementAccountId(), collectorRegion,
                    "Stocktake guardrails: the SCP that protects the collector and the alert forwarder in member accounts "
                            + "(management account)"), config);
        }
        IdentityCenterExportStack identityCenter = null;
        if (config.identityCenter().enabled()) {
            identityCenter = new IdentityCenterExportStack(app, IDENTITY_CENTER, StackEnv.of(config.identityCenter().accountId(),
                    config.identityCenter().region(), "Stocktake Identity Center export: users, groups and account assignments "
                            + "to the central bucket, daily (management account or Identity Center delegated administrator)"),
                    config, paths.identityCenterJar());
        }
        RemediationStackSetStack remediationStackSet = null;
        RemediationRoleTemplate remediationRole = null;
        if (config.remediation().enabled()) {
            remediationRole = RemediationRoleTemplate.synthesize(config, memberOutdir.resolveSibling(
                    memberOutdir.getFileName() + "-remediation"));
            remediationStackSet = new RemediationStackSetStack(app, REMEDIATION_STACK_SET, StackEnv.of(admin, collectorRegion,
                    "Stocktake remediation role StackSet (service-managed, every account of remediation.targetOuIds)"),
                    config, remediationRole.templateBody());
        }
        return new Stacks(central, orgRead, assets, stackSet, managementCollector, accountDirectory, member, reporting,
                guardrails, identityCenter, remediationStackSet, remediationRole);
    }

    /** Every unacknowledged AwsSolutions finding of the app's stacks and of the member template. */
    public static List<String> nagFindings(Stacks stacks) {
        List<IConstruct> scopes = new ArrayList<>(stacks.all());
        scopes.add(stacks.member().stack());
        if (stacks.remediationRole() != null) {
            scopes.add(stacks.remediationRole().stack());
        }
        return Nag.findings(scopes);
    }

}
