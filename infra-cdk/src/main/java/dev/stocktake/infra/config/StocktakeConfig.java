package dev.stocktake.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stocktake.allowlist.MigrationSettings;
import dev.stocktake.allowlist.MigrationSettingsException;
import dev.stocktake.sql.table.TableDefinition;
import dev.stocktake.support.env.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a deployment of Stocktake needs to know, read from {@code stocktake.config.json}
 * (see {@code docs/deploy.md} for every field). {@link #parse(String, Set)} validates all fields
 * at once and fails with a {@link ConfigException} that names each offending field.
 *
 * @param organizationId {@code o-...}
 * @param managementAccountId the organization's management account (org-read role, its own collector)
 * @param centralAccountId the reporting account (bucket, Glue, Athena)
 * @param centralRegion region of the central stack
 * @param collectorRegions regions the StackSet deploys the collector to; exactly one (IAM is global)
 * @param targetOuIds OUs (or the root {@code r-...}) the StackSet targets
 * @param bucketName report bucket name; null derives {@code stocktake-reports-<central account>-<region>}
 * @param reportPrefix key prefix of the reports, ending in {@code /}
 * @param schedule when the collectors run
 * @param reportTimeZone time zone of the date in the report key
 * @param retention how long things are kept
 * @param encryption KMS or S3-managed encryption
 * @param stackSet who administers the StackSet
 * @param athena Glue/Athena settings
 * @param quickSight the QuickSight resources of the reporting stack (deployed when principals are configured)
 * @param notifications where alarms go
 * @param coverage the account directory job and the coverage alarm
 * @param notifier the daily digest (the reporting stack's notifier Lambda)
 * @param alerts the real-time alerts on IAM user and credential changes: forwarders, central bus, alert Lambda
 * @param allowlist the allowlist file the central stack validates and deploys
 * @param compaction the Parquet compaction job of the central stack (finished months, so queries scan less)
 * @param objectLock the Object Lock retention the collectors and the directory job put on what they write
 * @param guardrails the service control policy that protects the collector and the alert forwarder in member accounts
 * @param migration the migration settings (idle days, tag keys, default owners, milestones, the identity mapping file):
 *                  {@code MigrationSettings} of the allowlist module, which the central stack deploys as CSVs
 * @param identityCenter the Identity Center exporter (management account or delegated administrator)
 * @param remediation the remediation role in every member account and the operators it trusts (opt-in)
 */
public record StocktakeConfig(
        String organizationId,
        String managementAccountId,
        String centralAccountId,
        String centralRegion,
        List<String> collectorRegions,
        List<String> targetOuIds,
        String bucketName,
        String reportPrefix,
        Schedule schedule,
        String reportTimeZone,
        Retention retention,
        Encryption encryption,
        StackSetOptions stackSet,
        AthenaOptions athena,
        QuickSightOptions quickSight,
        Notifications notifications,
        Coverage coverage,
        NotifierOptions notifier,
        AlertOptions alerts,
        AllowlistOptions allowlist,
        CompactionOptions compaction,
        ObjectLockOptions objectLock,
        GuardrailOptions guardrails,
        MigrationSettings migration,
        IdentityCenterOptions identityCenter,
        RemediationOptions remediation) {

    public static final String DEFAULT_PREFIX = "credential-reports/";
    /** Where the account-directory job exports the organization's accounts (its {@code DIRECTORY_PREFIX} default). */
    public static final String DIRECTORY_PREFIX = "accounts/";
    /** Where each collector writes its account's IAM details beside its report ({@code <name>@<id>.json}, JSON Lines). */
    public static final String DETAILS_PREFIX = "iam-details/";
    /** Where the Identity Center exporter writes its one object per day ({@link #IDENTITY_CENTER_FILE}). */
    public static final String IDENTITY_CENTER_PREFIX = "identity-center/";
    /** The Identity Center export's object name under its day folder. */
    public static final String IDENTITY_CENTER_FILE = "identity-center.json";
    /** Where the central stack deploys the identity mapping file ({@link #IDENTITY_MAPPING_FILE}, the only object there). */
    public static final String IDENTITY_MAPPING_PREFIX = "identity-mapping/";
    public static final String IDENTITY_MAPPING_FILE = "identity-mapping.csv";
    /** Where the central stack deploys the migration settings generated from {@code migration}. */
    public static final String MIGRATION_SETTINGS_PREFIX = "migration-settings/";
    public static final String MIGRATION_SETTINGS_FILE = "migration-settings.csv";
    /** Where the central stack deploys the milestones generated from {@code migration.milestones}. */
    public static final String MILESTONES_PREFIX = "milestones/";
    public static final String MILESTONES_FILE = "milestones.csv";
    /** Where the compaction job writes the Parquet copy ({@code report_rows_compacted}'s location). */
    public static final String COMPACTED_PREFIX = TableDefinition.DEFAULT_COMPACTED_PREFIX;
    /** Where the compaction job keeps its state ({@link #COMPACTION_STATE_KEY}); nothing else lives there. */
    public static final String COMPACTION_STATE_PREFIX = "compaction/";
    /** Which months the compaction job has copied and checked. */
    public static final String COMPACTION_STATE_KEY = COMPACTION_STATE_PREFIX + "state.json";
    /** Where {@code stocktake remediate} records every action (its journal, append-only); the remediation module's prefix. */
    public static final String REMEDIATION_PREFIX = "remediation/";

    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    static final Pattern OU_ID = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");
    /**
     * Names S3 reserves, which the Lambdas' {@link Environment#BUCKET} need not refuse (they read an existing bucket's
     * name): a new bucket's name must match that pattern and none of these.
     */
    private static final Pattern RESERVED_BUCKET = Pattern.compile("xn--.*|sthree-.*|.*-s3alias|.*--ol-s3|.*\\.\\..*|\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_.-]+/)+");

    public StocktakeConfig {
        collectorRegions = List.copyOf(collectorRegions);
        targetOuIds = List.copyOf(targetOuIds);
    }

    /** Sections that name their own unknown fields (the walk for unknown settings does not enter them). */
    private static final Set<String> SELF_CHECKED = Set.of("migration", "notifier.ownerDigests");

    /**
     * Every setting the loader reads, by its path ({@code schedule.expression}, {@code migration.idleDays}), in the
     * order it reads them: what {@code docs/deploy.md}'s configuration table must list. Any other field in a config is
     * refused, naming it.
     */
    public static List<String> keys() {
        ConfigSection root = ConfigSection.root(JsonNodeFactory.instance.objectNode(), Set.of());
        try {
            read(root);
        } catch (ConfigException expected) {
            // an empty document misses the required settings; every setting has been read all the same
        }
        List<String> keys = new ArrayList<>();
        for (String key : root.read()) {
            if (key.equals("migration")) {
                MigrationSettings.CONFIG_KEYS.forEach(k -> keys.add("migration." + k));
            } else if (!key.contains("[")) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    /** Reads and validates a config file. */
    public static StocktakeConfig load(Path file, Set<String> knownRegions) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of("config file: cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")"));
        }
        return parse(json, knownRegions);
    }

    /**
     * Parses and validates a config document.
     *
     * @param knownRegions region codes accepted in region fields
     */
    public static StocktakeConfig parse(String json, Set<String> knownRegions) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of("config file: not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of("config file: must be a JSON object"));
        }
        return read(ConfigSection.root(root, knownRegions));
    }

    /** The report bucket's name: the configured one or a name derived from the central account and region. */
    public String reportBucketName() {
        return bucketName != null ? bucketName : "stocktake-reports-" + centralAccountId + "-" + centralRegion;
    }

    /**
     * Reads the top-level fields and then each section into its record, collecting every problem before failing; the
     * sections are read in the order of the file's documentation, and so are their problems.
     */
    private static StocktakeConfig read(ConfigSection root) {
        String organizationId = root.required("organizationId", ORG_ID, "an organization ID like o-a1b2c3d4e5");
        String management = root.accountId("managementAccountId", true);
        String central = root.accountId("centralAccountId", true);
        String centralRegion = root.region("centralRegion", root.text("centralRegion"));
        List<String> collectorRegions = collectorRegions(root);
        List<String> ous = ouIds(root);
        String bucketName = root.text("bucketName");
        if (bucketName != null && (!Environment.BUCKET.matcher(bucketName).matches()
                || RESERVED_BUCKET.matcher(bucketName).matches())) {
            root.problem("bucketName", "'" + bucketName + "' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')");
        }
        String prefix = root.text("reportPrefix", DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            root.problem("reportPrefix", "'" + prefix + "' must be one or more path segments of [A-Za-z0-9_.-], each ending in '/'");
        }
        Schedule schedule = Schedule.read(root.section("schedule"));
        String reportTimeZone = root.zone("reportTimeZone", "UTC");
        Retention retention = Retention.read(root.section("retention"));
        StackSetOptions stackSet = StackSetOptions.read(root.section("stackSet"), management);
        Encryption encryption = Encryption.read(root.section("encryption"));
        AthenaOptions athena = AthenaOptions.read(root.section("athena"));
        QuickSightOptions quickSight = QuickSightOptions.read(root.section("quickSight"));
        Notifications notifications = Notifications.read(root.section("notifications"));
        Coverage coverage = Coverage.read(root.section("coverage"), prefix);
        NotifierOptions notifier = NotifierOptions.read(root.section("notifier"), central, centralRegion);
        AlertOptions alerts = AlertOptions.read(root.section("alerts"), central, centralRegion, notifier);
        AllowlistOptions allowlist = AllowlistOptions.read(root.section("allowlist"), prefix);
        CompactionOptions compaction = CompactionOptions.read(root.section("compaction"), prefix);
        ObjectLockOptions objectLock = ObjectLockOptions.read(root.section("objectLock"), retention);
        GuardrailOptions guardrails = GuardrailOptions.read(root.section("guardrails"), ous);
        MigrationSettings migration = migration(root);
        IdentityCenterOptions identityCenter = IdentityCenterOptions.read(root.section("identityCenter"), management, centralRegion);
        RemediationOptions remediation = RemediationOptions.read(root.section("remediation"), ous);
        reservedPrefixes(root, prefix);
        root.unknownSettings(SELF_CHECKED);
        if (!root.problems().isEmpty()) {
            throw new ConfigException(root.problems());
        }
        return new StocktakeConfig(organizationId, management, central, centralRegion, collectorRegions, ous,
                bucketName, prefix, schedule, reportTimeZone, retention, encryption, stackSet, athena,
                quickSight, notifications, coverage, notifier, alerts, allowlist, compaction, objectLock, guardrails,
                migration, identityCenter, remediation);
    }

    /**
     * The {@code migration} section, read and validated by the allowlist module's {@link MigrationSettings#fromConfig}
     * (the demo and the CLI read the same settings with it); its problems name their JSON paths
     * ({@code migration.milestones[2].day: ...}). Absent: the defaults (idle 90 days, tags email/owner/owner, no milestone).
     */
    private static MigrationSettings migration(ConfigSection root) {
        try {
            return MigrationSettings.fromConfig(root.value("migration"), "migration");
        } catch (MigrationSettingsException e) {
            root.problemsWithPaths(e.problems());
            return MigrationSettings.defaults();
        }
    }

    /**
     * The prefixes other writers own in the report bucket (the collectors' details, the Identity Center export, the files
     * the central stack deploys): the reports' prefix must be none of them and not contain them, nor they it.
     */
    private static void reservedPrefixes(ConfigSection root, String reportPrefix) {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put(DETAILS_PREFIX, "the collectors' IAM details use");
        owners.put(IDENTITY_CENTER_PREFIX, "the Identity Center export uses");
        owners.put(IDENTITY_MAPPING_PREFIX, "the central stack deploys the identity mapping to");
        owners.put(MIGRATION_SETTINGS_PREFIX, "the central stack deploys the migration settings to");
        owners.put(MILESTONES_PREFIX, "the central stack deploys the milestones to");
        owners.put(REMEDIATION_PREFIX, "stocktake remediate's journal uses");
        owners.forEach((reserved, owner) -> {
            if (reportPrefix.startsWith(reserved) || reserved.startsWith(reportPrefix)) {
                root.problem("reportPrefix", "'" + reportPrefix + "' overlaps " + reserved + ", which " + owner
                        + "; choose another");
            }
        });
    }

    private static List<String> collectorRegions(ConfigSection root) {
        List<String> values = root.textList("collectorRegions");
        if (values == null) {
            root.problem("collectorRegions", "required (a list with the one region the collectors run in)");
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            root.region("collectorRegions[" + i + "]", values.get(i));
        }
        if (values.size() != 1) {
            root.problem("collectorRegions", "must name exactly one region, not " + values.size()
                    + " (the credential report is global, and the collector role name is the same in every account, "
                    + "so a second region would only collide)");
        }
        return values;
    }

    private static List<String> ouIds(ConfigSection root) {
        List<String> values = root.textList("targetOuIds");
        if (values == null || values.isEmpty()) {
            root.problem("targetOuIds", "required (a non-empty list of OU IDs ou-... or the root ID r-...)");
            return List.of();
        }
        checkOuIds(root, values);
        return values;
    }

    /**
     * A section's own {@code targetOuIds} (guardrails, remediation): {@code stackSetOus}, the top-level ones, when it is
     * left out; never empty; each an OU or root ID. Entries that are not strings are reported and left out.
     */
    static List<String> sectionOuIds(ConfigSection section, List<String> stackSetOus) {
        List<String> ous = section.textList("targetOuIds");
        if (ous == null) {
            ous = stackSetOus;
        } else if (ous.isEmpty()) {
            section.problem("targetOuIds", "must not be empty (leave it out to use targetOuIds, or set enabled to false)");
        } else {
            checkOuIds(section, ous);
        }
        return ous.stream().filter(o -> o != null).toList();
    }

    private static void checkOuIds(ConfigSection section, List<String> ous) {
        for (int i = 0; i < ous.size(); i++) {
            String ou = ous.get(i);
            if (ou == null || !OU_ID.matcher(ou).matches()) {
                section.problem("targetOuIds[" + i + "]", "'" + ou + "' is not an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)");
            }
        }
    }
}
