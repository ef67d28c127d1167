package dev.stocktake.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stocktake.sql.table.TableDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
 * @param alerts the real-time alerts (issue 7): forwarders, central bus, alert Lambda
 * @param allowlist the allowlist file the central stack validates and deploys
 * @param compaction the Parquet compaction job (issue 9) of the central stack
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
        CompactionOptions compaction) {

    public static final String DEFAULT_PREFIX = "credential-reports/";
    /** Where the account-directory job exports the organization's accounts (its {@code DIRECTORY_PREFIX} default). */
    public static final String DIRECTORY_PREFIX = "accounts/";
    /** Where the compaction job writes the Parquet copy ({@code report_rows_compacted}'s location). */
    public static final String COMPACTED_PREFIX = TableDefinition.DEFAULT_COMPACTED_PREFIX;
    /** Where the compaction job keeps its state ({@link #COMPACTION_STATE_KEY}); nothing else lives there. */
    public static final String COMPACTION_STATE_PREFIX = "compaction/";
    /** Which months the compaction job has copied and checked. */
    public static final String COMPACTION_STATE_KEY = COMPACTION_STATE_PREFIX + "state.json";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern OU_ID = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");
    private static final Pattern BUCKET = Pattern.compile("(?!xn--)(?!sthree-)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_.-]+/)+");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key/[a-zA-Z0-9-]+");
    private static final Pattern EVENT_BUS_ARN = Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+");
    private static final Pattern QUICKSIGHT_ARN = Pattern.compile("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:(user|group)/.+");
    private static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
    private static final Pattern GLUE_NAME = Pattern.compile("[a-z0-9_]{1,255}");
    private static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final DateTimeFormatter PROJECTION_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    /** Values CloudWatch Logs accepts for retentionInDays. */
    private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final long MIN_BYTES_SCANNED_CUTOFF = 10_485_760L;

    // ---- notifier and QuickSight ----
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern SENDER = Pattern.compile("(" + EMAIL.pattern() + ")|([^<>\\r\\n]+ <" + EMAIL.pattern() + ">)");
    private static final Pattern SES_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}");
    private static final int MAX_RECIPIENTS = 50;

    public StocktakeConfig {
        collectorRegions = List.copyOf(collectorRegions);
        targetOuIds = List.copyOf(targetOuIds);
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
        return new Reader(root, knownRegions).read();
    }

    /** The report bucket's name: the configured one or a name derived from the central account and region. */
    public String reportBucketName() {
        return bucketName != null ? bucketName : "stocktake-reports-" + centralAccountId + "-" + centralRegion;
    }

    /** Walks the JSON once, collecting every problem before failing. */
    private static final class Reader {
        private final JsonNode root;
        private final Set<String> knownRegions;
        private final List<String> problems = new ArrayList<>();
        /** The section being read ("schedule." etc.), so messages name the full field path. */
        private String section = "";

        Reader(JsonNode root, Set<String> knownRegions) {
            this.root = root;
            this.knownRegions = knownRegions;
        }

        StocktakeConfig read() {
            String organizationId = required("organizationId", ORG_ID, "an organization ID like o-a1b2c3d4e5");
            String management = accountId("managementAccountId", true);
            String central = accountId("centralAccountId", true);
            String centralRegion = region("centralRegion", text(root, "centralRegion"));
            List<String> collectorRegions = regions();
            List<String> ous = ouIds();
            String bucketName = optional(root, "bucketName");
            if (bucketName != null && (!BUCKET.matcher(bucketName).matches() || bucketName.contains("..")
                    || bucketName.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
                problems.add("bucketName: '" + bucketName + "' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')");
            }
            String prefix = orDefault(optional(root, "reportPrefix"), DEFAULT_PREFIX);
            if (!PREFIX.matcher(prefix).matches()) {
                problems.add("reportPrefix: '" + prefix + "' must be one or more path segments of [A-Za-z0-9_.-], each ending in '/'");
            }
            Schedule schedule = schedule();
            String reportTimeZone = zone("reportTimeZone", orDefault(optional(root, "reportTimeZone"), "UTC"));
            Retention retention = retention();
            StackSetOptions stackSet = stackSet(management);
            Encryption encryption = encryption(central, centralRegion);
            AthenaOptions athena = athena();
            QuickSightOptions quickSight = quickSight();
            Notifications notifications = notifications();
            Coverage coverage = coverage(prefix);
            NotifierOptions notifier = notifier(central, centralRegion);
            AlertOptions alerts = alerts(central, centralRegion, notifier);
            AllowlistOptions allowlist = allowlist(prefix);
            CompactionOptions compaction = compaction(prefix);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new StocktakeConfig(organizationId, management, central, centralRegion, collectorRegions, ous,
                    bucketName, prefix, schedule, reportTimeZone, retention, encryption, stackSet, athena,
                    quickSight, notifications, coverage, notifier, alerts, allowlist, compaction);
        }

        private String required(String field, Pattern pattern, String expected) {
            String value = text(root, field);
            if (value == null) {
                problems.add(field + ": required (" + expected + ")");
            } else if (!pattern.matcher(value).matches()) {
                problems.add(field + ": '" + value + "' is not " + expected);
            }
            return value;
        }

        private String accountId(String field, boolean required) {
            String value = text(root, field);
            if (value == null) {
                if (required) {
                    problems.add(field + ": required (a 12-digit AWS account ID)");
                }
            } else if (!ACCOUNT_ID.matcher(value).matches()) {
                problems.add(field + ": '" + value + "' is not a 12-digit AWS account ID");
            }
            return value;
        }

        private String region(String field, String value) {
            if (value == null) {
                problems.add(field + ": required (an AWS region code such as eu-west-1)");
            } else if (!knownRegions.contains(value)) {
                problems.add(field + ": '" + value + "' is not a known AWS region");
            }
            return value;
        }

        private List<String> regions() {
            List<String> values = textList(root, "collectorRegions");
            if (values == null) {
                problems.add("collectorRegions: required (a list with the one region the collectors run in)");
                return List.of();
            }
            for (int i = 0; i < values.size(); i++) {
                region("collectorRegions[" + i + "]", values.get(i));
            }
            if (values.size() != 1) {
                problems.add("collectorRegions: must name exactly one region, not " + values.size()
                        + " (the credential report is global, and the collector role name is the same in every account, "
                        + "so a second region would only collide)");
            }
            return values;
        }

        private List<String> ouIds() {
            List<String> values = textList(root, "targetOuIds");
            if (values == null || values.isEmpty()) {
                problems.add("targetOuIds: required (a non-empty list of OU IDs ou-... or the root ID r-...)");
                return List.of();
            }
            for (int i = 0; i < values.size(); i++) {
                String ou = values.get(i);
                if (ou == null || !OU_ID.matcher(ou).matches()) {
                    problems.add("targetOuIds[" + i + "]: '" + ou + "' is not an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)");
                }
            }
            return values;
        }

        private Schedule schedule() {
            JsonNode node = object(root, "schedule");
            String expression = orDefault(optional(node, "expression"), "cron(0 3 * * ? *)");
            if (!SCHEDULE.matcher(expression).matches()) {
                problems.add("schedule.expression: '" + expression + "' is not cron(...) or rate(...)");
            }
            String zone = zone("schedule.timeZone", orDefault(optional(node, "timeZone"), "UTC"));
            int window = integer(node, "schedule.flexibleWindowMinutes", "flexibleWindowMinutes", 60, 1, 1440);
            return new Schedule(expression, zone, window);
        }

        private String zone(String field, String value) {
            try {
                ZoneId.of(value);
            } catch (DateTimeException e) {
                problems.add(field + ": '" + value + "' is not an IANA time zone such as UTC or Asia/Tokyo");
            }
            return value;
        }

        private Retention retention() {
            JsonNode node = object(root, "retention");
            int noncurrent = integer(node, "retention.noncurrentVersionDays", "noncurrentVersionDays", 30, 1, 36500);
            int expiration = integer(node, "retention.reportExpirationDays", "reportExpirationDays", 0, 0, 36500);
            int logs = integer(node, "retention.logRetentionDays", "logRetentionDays", 90, 1, 3653);
            if (!LOG_RETENTION_DAYS.contains(logs)) {
                problems.add("retention.logRetentionDays: " + logs + " is not a CloudWatch Logs retention value "
                        + "(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)");
            }
            int results = integer(node, "retention.athenaResultsDays", "athenaResultsDays", 30, 1, 36500);
            return new Retention(noncurrent, expiration, logs, results);
        }

        private StackSetOptions stackSet(String management) {
            JsonNode node = object(root, "stackSet");
            String callAsText = orDefault(optional(node, "callAs"), "SELF");
            StackSetOptions.CallAs callAs = null;
            try {
                callAs = StackSetOptions.CallAs.valueOf(callAsText);
            } catch (IllegalArgumentException e) {
                problems.add("stackSet.callAs: '" + callAsText + "' is not SELF or DELEGATED_ADMIN");
            }
            String admin = optional(node, "delegatedAdminAccountId");
            if (admin != null && !ACCOUNT_ID.matcher(admin).matches()) {
                problems.add("stackSet.delegatedAdminAccountId: '" + admin + "' is not a 12-digit AWS account ID");
            }
            if (callAs == StackSetOptions.CallAs.DELEGATED_ADMIN && admin == null) {
                problems.add("stackSet.delegatedAdminAccountId: required when stackSet.callAs is DELEGATED_ADMIN");
            }
            if (callAs == StackSetOptions.CallAs.SELF && admin != null) {
                problems.add("stackSet.delegatedAdminAccountId: only allowed when stackSet.callAs is DELEGATED_ADMIN");
            }
            int tolerance = integer(node, "stackSet.failureTolerancePercentage", "failureTolerancePercentage", 10, 0, 100);
            int concurrent = integer(node, "stackSet.maxConcurrentPercentage", "maxConcurrentPercentage", 25, 1, 100);
            String adminAccount = callAs == StackSetOptions.CallAs.DELEGATED_ADMIN ? admin : management;
            return new StackSetOptions(callAs, adminAccount, tolerance, concurrent);
        }

        private Encryption encryption(String central, String centralRegion) {
            JsonNode node = object(root, "encryption");
            String modeText = orDefault(optional(node, "mode"), "KMS");
            Encryption.Mode mode = null;
            try {
                mode = Encryption.Mode.valueOf(modeText);
            } catch (IllegalArgumentException e) {
                problems.add("encryption.mode: '" + modeText + "' is not KMS or S3_MANAGED");
            }
            String keyArn = optional(node, "kmsKeyArn");
            if (mode == Encryption.Mode.KMS) {
                if (keyArn == null) {
                    problems.add("encryption.kmsKeyArn: required when encryption.mode is KMS: deploy the central stack, "
                            + "then copy its ReportKeyArn output here (the collectors in other accounts must name the key by ARN)");
                } else {
                    var matcher = KMS_KEY_ARN.matcher(keyArn);
                    if (!matcher.matches()) {
                        problems.add("encryption.kmsKeyArn: '" + keyArn + "' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
                    } else if (central != null && centralRegion != null
                            && (!matcher.group(1).equals(centralRegion) || !matcher.group(2).equals(central))) {
                        problems.add("encryption.kmsKeyArn: the key must be in the central account " + central
                                + " and region " + centralRegion);
                    }
                }
            } else if (mode == Encryption.Mode.S3_MANAGED && keyArn != null) {
                problems.add("encryption.kmsKeyArn: only allowed when encryption.mode is KMS");
            }
            return new Encryption(mode, mode == Encryption.Mode.KMS ? keyArn : null);
        }

        private AthenaOptions athena() {
            JsonNode node = object(root, "athena");
            String database = orDefault(optional(node, "databaseName"), "stocktake");
            if (!GLUE_NAME.matcher(database).matches()) {
                problems.add("athena.databaseName: '" + database + "' must be lower-case letters, digits and '_'");
            }
            String workGroup = orDefault(optional(node, "workGroupName"), "stocktake");
            if (!WORKGROUP.matcher(workGroup).matches()) {
                problems.add("athena.workGroupName: '" + workGroup + "' must be 1-128 of [a-zA-Z0-9._-]");
            }
            long cutoff = 10L * 1024 * 1024 * 1024;
            JsonNode cutoffNode = node.get("bytesScannedCutoffPerQuery");
            if (cutoffNode != null && !cutoffNode.isNull()) {
                if (!cutoffNode.canConvertToLong() || !cutoffNode.isIntegralNumber()) {
                    problems.add("athena.bytesScannedCutoffPerQuery: must be a whole number of bytes");
                } else if (cutoffNode.asLong() < MIN_BYTES_SCANNED_CUTOFF) {
                    problems.add("athena.bytesScannedCutoffPerQuery: must be at least " + MIN_BYTES_SCANNED_CUTOFF + " (10 MB, Athena's minimum)");
                } else {
                    cutoff = cutoffNode.asLong();
                }
            }
            String start = optional(node, "projectionStart");
            if (start == null) {
                problems.add("athena.projectionStart: required (the first collection day, yyyy/MM/dd)");
            } else {
                try {
                    LocalDate.parse(start, PROJECTION_DATE);
                } catch (DateTimeParseException e) {
                    problems.add("athena.projectionStart: '" + start + "' is not a date in yyyy/MM/dd");
                }
            }
            return new AthenaOptions(database, workGroup, cutoff, start);
        }

        private QuickSightOptions quickSight() {
            JsonNode node = object(root, "quickSight");
            List<String> principals = textList(node, "principals");
            if (principals == null) {
                principals = List.of();
            }
            for (int i = 0; i < principals.size(); i++) {
                String arn = principals.get(i);
                if (arn == null || !QUICKSIGHT_ARN.matcher(arn).matches()) {
                    problems.add("quickSight.principals[" + i + "]: '" + arn + "' is not a QuickSight user or group ARN");
                }
            }
            String refresh = orDefault(optional(node, "refreshTime"), QuickSightOptions.DEFAULT_REFRESH_TIME);
            if (!TIME_OF_DAY.matcher(refresh).matches()) {
                problems.add("quickSight.refreshTime: '" + refresh + "' is not a time of day HH:mm such as 08:00");
            }
            return new QuickSightOptions(principals, refresh);
        }

        // ---- notifier (the reporting stack's daily digest) ----
        private NotifierOptions notifier(String central, String centralRegion) {
            JsonNode node = object(root, "notifier");
            Mail mail = mail(node, "notifier");
            String schedule = orDefault(optional(node, "schedule"), NotifierOptions.DEFAULT_SCHEDULE);
            if (!SCHEDULE.matcher(schedule).matches()) {
                problems.add("notifier.schedule: '" + schedule + "' is not cron(...) or rate(...)");
            }
            String secretArn = slackSecretArn(node, "notifier", central, centralRegion);
            boolean createSecret = flag(node, "notifier", "createSlackSecret", false);
            if (createSecret && secretArn != null) {
                problems.add("notifier.createSlackSecret: not with notifier.slackWebhookSecretArn (use the existing secret, "
                        + "or let the stack create one)");
            }
            double goal = NotifierOptions.DEFAULT_GOAL_REDUCTION;
            JsonNode goalNode = node.get("goalReduction");
            if (goalNode != null && !goalNode.isNull()) {
                if (!goalNode.isNumber() || goalNode.asDouble() <= 0 || goalNode.asDouble() > 1) {
                    problems.add("notifier.goalReduction: '" + goalNode + "' must be a number above 0 and at most 1 (0.9 = cut 90 %)");
                } else {
                    goal = goalNode.asDouble();
                }
            }
            return new NotifierOptions(mail.recipients(), mail.sender(), mail.configurationSet(), schedule, secretArn,
                    createSecret, goal);
        }

        private Notifications notifications() {
            JsonNode node = object(root, "notifications");
            String bus = optional(node, "centralEventBusArn");
            if (bus != null && !EVENT_BUS_ARN.matcher(bus).matches()) {
                problems.add("notifications.centralEventBusArn: '" + bus + "' is not an EventBridge event bus ARN");
            }
            return new Notifications(bus);
        }

        private Coverage coverage(String reportPrefix) {
            JsonNode node = object(root, "coverage");
            double threshold = Coverage.DEFAULT_THRESHOLD;
            JsonNode value = node.get("alarmThresholdPercent");
            if (value != null && !value.isNull()) {
                if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 100) {
                    problems.add("coverage.alarmThresholdPercent: '" + value + "' must be a number above 0 and at most 100");
                } else {
                    threshold = value.asDouble();
                }
            }
            String directory = orDefault(optional(node, "directorySchedule"), Coverage.DEFAULT_DIRECTORY_SCHEDULE);
            if (!SCHEDULE.matcher(directory).matches()) {
                problems.add("coverage.directorySchedule: '" + directory + "' is not cron(...) or rate(...)");
            }
            String check = orDefault(optional(node, "checkSchedule"), Coverage.DEFAULT_CHECK_SCHEDULE);
            if (!SCHEDULE.matcher(check).matches()) {
                problems.add("coverage.checkSchedule: '" + check + "' is not cron(...) or rate(...)");
            }
            if (DIRECTORY_PREFIX.equals(reportPrefix)) {
                problems.add("reportPrefix: '" + reportPrefix + "' is where the account directory is exported; choose another");
            }
            return new Coverage(threshold, directory, check);
        }

        // ---- allowlist (issue 7: the file the central stack validates and deploys) ----
        private AllowlistOptions allowlist(String reportPrefix) {
            JsonNode node = object(root, "allowlist");
            String file = orDefault(optional(node, "file"), AllowlistOptions.DEFAULT_FILE);
            if (file.isBlank() || !file.endsWith(".csv") || file.indexOf('\0') >= 0) {
                problems.add("allowlist.file: '" + file + "' must be the path of a .csv file, relative to the repository root "
                        + "(default " + AllowlistOptions.DEFAULT_FILE + ")");
            }
            if (reportPrefix.startsWith(AllowlistOptions.PREFIX)) {
                problems.add("reportPrefix: '" + reportPrefix + "' is under " + AllowlistOptions.PREFIX
                        + ", where the allowlist is deployed; choose another");
            }
            return new AllowlistOptions(file);
        }

        // ---- compaction (issue 9: the monthly Parquet copy the views read finished months from) ----
        private CompactionOptions compaction(String reportPrefix) {
            JsonNode node = object(root, "compaction");
            boolean enabled = flag(node, "compaction", "enabled", true);
            String schedule = orDefault(optional(node, "schedule"), CompactionOptions.DEFAULT_SCHEDULE);
            if (!SCHEDULE.matcher(schedule).matches()) {
                problems.add("compaction.schedule: '" + schedule + "' is not cron(...) or rate(...) (in UTC; default "
                        + CompactionOptions.DEFAULT_SCHEDULE + ")");
            }
            int settleDays = CompactionOptions.DEFAULT_SETTLE_DAYS;
            JsonNode settle = node.get("settleDays");
            if (settle != null && !settle.isNull()) {
                if (!settle.isIntegralNumber() || settle.asLong() < 0 || settle.asLong() > CompactionOptions.MAX_SETTLE_DAYS) {
                    problems.add("compaction.settleDays: '" + settle + "' must be a whole number from 0 to "
                            + CompactionOptions.MAX_SETTLE_DAYS + " (days after a month's end before it is copied; a month "
                            + "must be copied before the next one ends)");
                } else {
                    settleDays = settle.asInt();
                }
            }
            for (String reserved : List.of(COMPACTED_PREFIX, COMPACTION_STATE_PREFIX)) {
                if (reportPrefix.startsWith(reserved) || reserved.startsWith(reportPrefix)) {
                    problems.add("reportPrefix: '" + reportPrefix + "' overlaps " + reserved + ", which the compaction job "
                            + "owns (the Parquet copy and its state); choose another");
                }
            }
            return new CompactionOptions(enabled, schedule, settleDays);
        }

        // ---- alerts (issue 7: the real-time alerts on IAM user and credential changes) ----
        private AlertOptions alerts(String central, String centralRegion, NotifierOptions notifier) {
            JsonNode node = object(root, "alerts");
            boolean enabled = flag(node, "alerts", "enabled", false);
            String busName = orDefault(optional(node, "eventBusName"), AlertOptions.DEFAULT_BUS_NAME);
            if (!Pattern.compile("[A-Za-z0-9._-]{1,256}").matcher(busName).matches() || "default".equals(busName)) {
                problems.add("alerts.eventBusName: '" + busName + "' is not a custom event bus name (letters, digits, . _ -; not 'default')");
            }
            Mail mail = mail(node, "alerts");
            String secretArn = slackSecretArn(node, "alerts", central, centralRegion);
            if (secretArn == null && notifier != null) {
                // the digest's channel, when it names one
                secretArn = notifier.slackWebhookSecretArn();
            }
            int burst = integer(node, "alerts.burstWindowSeconds", "burstWindowSeconds", 300, 1, 3600);
            if (enabled && mail.recipients().isEmpty() && secretArn == null) {
                problems.add("alerts: enabled without a channel: give alerts.recipients (and alerts.sender), or "
                        + "alerts.slackWebhookSecretArn (or notifier.slackWebhookSecretArn, which the alerts share)");
            }
            return new AlertOptions(enabled, busName, mail.recipients(), mail.sender(), mail.configurationSet(), secretArn,
                    burst);
        }

        /** Who an email goes to and from: {@code <section>.recipients}, {@code .sender}, {@code .sesConfigurationSet}. */
        private record Mail(List<String> recipients, String sender, String configurationSet) {
        }

        private Mail mail(JsonNode node, String section) {
            List<String> recipients = textList(node, "recipients");
            if (recipients == null) {
                recipients = List.of();
            }
            for (int i = 0; i < recipients.size(); i++) {
                String address = recipients.get(i);
                if (address == null || !EMAIL.matcher(address).matches()) {
                    problems.add(section + ".recipients[" + i + "]: '" + address + "' is not an email address");
                }
            }
            if (recipients.size() > MAX_RECIPIENTS) {
                problems.add(section + ".recipients: " + recipients.size() + " addresses; at most " + MAX_RECIPIENTS
                        + " (use a mailing list address for more)");
            }
            String sender = optional(node, "sender");
            if (sender != null && !SENDER.matcher(sender).matches()) {
                problems.add(section + ".sender: '" + sender + "' is not an address like stocktake@example.com or "
                        + "Stocktake <stocktake@example.com>");
            }
            if (!recipients.isEmpty() && sender == null) {
                problems.add(section + ".sender: required with " + section + ".recipients (a verified SES identity)");
            }
            String configurationSet = optional(node, "sesConfigurationSet");
            if (configurationSet != null && !SES_NAME.matcher(configurationSet).matches()) {
                problems.add(section + ".sesConfigurationSet: '" + configurationSet + "' is not an SES configuration set name");
            }
            return new Mail(recipients, sender, configurationSet);
        }

        /** {@code <section>.slackWebhookSecretArn}: a Secrets Manager ARN in the central account and region, or null. */
        private String slackSecretArn(JsonNode node, String section, String central, String centralRegion) {
            String secretArn = optional(node, "slackWebhookSecretArn");
            if (secretArn != null) {
                var matcher = SECRET_ARN.matcher(secretArn);
                if (!matcher.matches()) {
                    problems.add(section + ".slackWebhookSecretArn: '" + secretArn + "' is not a Secrets Manager secret ARN "
                            + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)");
                } else if (central != null && centralRegion != null
                        && (!matcher.group(1).equals(centralRegion) || !matcher.group(2).equals(central))) {
                    problems.add(section + ".slackWebhookSecretArn: the secret must be in the central account " + central
                            + " and region " + centralRegion);
                }
            }
            return secretArn;
        }

        /** {@code <section>.<field>}: true or false, {@code fallback} when absent. */
        private boolean flag(JsonNode node, String section, String field, boolean fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                problems.add(section + "." + field + ": must be true or false");
                return fallback;
            }
            return value.asBoolean();
        }

        private int integer(JsonNode node, String path, String field, int fallback, int min, int max) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
                problems.add(path + ": '" + value + "' must be a whole number from " + min + " to " + max);
                return fallback;
            }
            return value.asInt();
        }

        private JsonNode object(JsonNode parent, String field) {
            section = field + ".";
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return new ObjectMapper().createObjectNode();
            }
            if (!node.isObject()) {
                problems.add(field + ": must be a JSON object");
                section = "";
                return new ObjectMapper().createObjectNode();
            }
            return node;
        }

        private String optional(JsonNode node, String field) {
            return text(node, field);
        }

        private String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                problems.add(path(node, field) + ": must be a string");
                return null;
            }
            String text = value.asText().strip();
            return text.isEmpty() ? null : text;
        }

        private List<String> textList(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                problems.add(path(node, field) + ": must be a list of strings");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            value.forEach(item -> out.add(item.isTextual() ? item.asText().strip() : null));
            return out;
        }

        private String path(JsonNode node, String field) {
            return node == root ? field : section + field;
        }

        private static String orDefault(String value, String fallback) {
            return value != null ? value : fallback;
        }
    }
}
