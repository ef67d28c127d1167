package dev.stocktake.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.report.ReportKeys;

/**
 * What the doctor needs from the deployment's {@code stocktake.config.json} (the file {@code cdk synth} read; every
 * field in docs/deploy.md): which accounts and regions hold what, the bucket and prefix, the report time zone, who
 * administers the StackSet, the Glue database and which optional parts are deployed. Defaults are those of the CDK
 * app's {@code StocktakeConfig}, which validates the whole file at synth; the doctor checks only the fields it reads.
 *
 * @param stackSetAdminAccountId the management account, or {@code stackSet.delegatedAdminAccountId} with
 *                               {@code stackSet.callAs} DELEGATED_ADMIN
 * @param notifierDeployed       {@code notifier} names a channel (recipients or a Slack secret), so
 *                               {@code StocktakeReporting} deploys the notifier
 * @param remediationEnabled     {@code remediation.enabled}: the remediation role's StackSet is deployed
 */
record DeploymentConfig(
        Path file,
        String managementAccountId,
        String centralAccountId,
        String centralRegion,
        String collectorRegion,
        List<String> targetOuIds,
        String bucket,
        String reportPrefix,
        ZoneId reportTimeZone,
        boolean delegatedAdmin,
        String stackSetAdminAccountId,
        String databaseName,
        boolean compactionEnabled,
        boolean notifierDeployed,
        boolean remediationEnabled) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern OU_ID = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_.-]+/)+");

    DeploymentConfig {
        targetOuIds = List.copyOf(targetOuIds);
    }

    /** Reads {@code file}; a missing, unreadable or invalid file fails naming every field that is wrong. */
    static DeploymentConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DoctorException(file + ": cannot read the config file (" + e.getMessage()
                    + "); pass the stocktake.config.json your deployment was synthesized from with --config");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new DoctorException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new DoctorException(file + ": must be a JSON object (see docs/deploy.md, Configuration)");
        }
        Reader reader = new Reader(root);
        String management = reader.accountId("managementAccountId", null);
        String central = reader.accountId("centralAccountId", null);
        String centralRegion = reader.region("centralRegion");
        List<String> collectorRegions = reader.list("collectorRegions");
        String collectorRegion = null;
        if (collectorRegions.size() != 1) {
            reader.problem("collectorRegions", "must name exactly one region");
        } else if (!REGION.matcher(collectorRegions.getFirst()).matches()) {
            reader.problem("collectorRegions[0]", "'" + collectorRegions.getFirst() + "' is not a region code");
        } else {
            collectorRegion = collectorRegions.getFirst();
        }
        List<String> ous = reader.list("targetOuIds");
        if (ous.isEmpty()) {
            reader.problem("targetOuIds", "required (the OU IDs or the root ID the StackSet targets)");
        }
        ous.stream().filter(ou -> !OU_ID.matcher(ou).matches())
                .forEach(ou -> reader.problem("targetOuIds", "'" + ou + "' is not an OU ID (ou-...) or a root ID (r-...)"));
        String prefix = reader.text("reportPrefix", ReportKeys.DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            reader.problem("reportPrefix", "'" + prefix + "' must be path segments each ending in '/'");
        }
        String bucket = reader.text("bucketName", null);
        ZoneId zone = reader.zone("reportTimeZone");
        String callAs = reader.text("stackSet.callAs", "SELF");
        boolean delegated = "DELEGATED_ADMIN".equals(callAs);
        if (!delegated && !"SELF".equals(callAs)) {
            reader.problem("stackSet.callAs", "'" + callAs + "' must be SELF or DELEGATED_ADMIN");
        }
        String admin = delegated ? reader.accountId("stackSet.delegatedAdminAccountId", "with stackSet.callAs DELEGATED_ADMIN")
                : management;
        String database = reader.text("athena.databaseName", "stocktake");
        boolean compaction = reader.flag("compaction.enabled", true);
        boolean notifier = !reader.list("notifier.recipients").isEmpty()
                || reader.text("notifier.slackWebhookSecretArn", null) != null
                || reader.flag("notifier.createSlackSecret", false);
        boolean remediation = reader.flag("remediation.enabled", false);
        if (!reader.problems.isEmpty()) {
            throw new DoctorException(file + ": " + String.join("; ", reader.problems)
                    + " (see docs/deploy.md, Configuration)");
        }
        return new DeploymentConfig(file, management, central, centralRegion, collectorRegion, ous,
                bucket != null ? bucket : "stocktake-reports-" + central + "-" + centralRegion, prefix, zone, delegated,
                admin, database, compaction, notifier, remediation);
    }

    /** Reads dotted paths of the config, collecting every problem. */
    private static final class Reader {
        private final JsonNode root;
        private final List<String> problems = new ArrayList<>();

        Reader(JsonNode root) {
            this.root = root;
        }

        void problem(String field, String message) {
            problems.add(field + ": " + message);
        }

        JsonNode node(String path) {
            JsonNode node = root;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }

        String text(String path, String fallback) {
            JsonNode node = node(path);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual()) {
                problem(path, "must be a string");
                return fallback;
            }
            return node.asText();
        }

        String accountId(String path, String when) {
            String value = text(path, null);
            if (value == null) {
                problem(path, "required" + (when == null ? "" : " " + when) + " (12 digits)");
            } else if (!ACCOUNT_ID.matcher(value).matches()) {
                problem(path, "'" + value + "' is not an account ID (12 digits)");
            }
            return value;
        }

        String region(String path) {
            String value = text(path, null);
            if (value == null) {
                problem(path, "required (a region code such as eu-west-1)");
            } else if (!REGION.matcher(value).matches()) {
                problem(path, "'" + value + "' is not a region code");
            }
            return value;
        }

        ZoneId zone(String path) {
            String value = text(path, "UTC");
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                problem(path, "'" + value + "' is not a time zone");
                return ZoneId.of("UTC");
            }
        }

        boolean flag(String path, boolean fallback) {
            JsonNode node = node(path);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                problem(path, "must be true or false");
                return fallback;
            }
            return node.asBoolean();
        }

        List<String> list(String path) {
            JsonNode node = node(path);
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem(path, "must be a list");
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    problem(path, "must hold strings only");
                } else {
                    values.add(item.asText());
                }
            }
            return values;
        }
    }
}
