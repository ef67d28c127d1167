package dev.stocktake.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stocktake.support.env.Environment;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON object of the config (the root or a section such as {@code schedule}) and the problems found so far. Every
 * read names the field by its full path ({@code schedule.expression}), the one way messages get their field paths; the
 * validators that more than one section uses live here once.
 */
final class ConfigSection {
    private static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
    /** A sender as the Lambdas read it: their address, bare or inside {@code Display Name <...>}. */
    private static final Pattern SENDER = Pattern.compile("(" + Environment.ADDRESS.pattern() + ")|([^<>\\r\\n]+ <"
            + Environment.ADDRESS.pattern() + ">)");
    /**
     * Stricter than the Lambdas' {@link Environment#NAME} (which also reads workgroup names): SES's own rule for a
     * configuration set name. A value must match both.
     */
    private static final Pattern SES_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /**
     * Stricter than the Lambdas' {@link Environment#SECRET_ARN}, which a value must also match: the complete ARN with
     * the 6-character suffix Secrets Manager appends (the role's {@code GetSecretValue} names this ARN, and a partial
     * one matches no secret in IAM), and its region and account as groups, to check they are the central ones.
     */
    private static final Pattern COMPLETE_SECRET_ARN =
            Pattern.compile("arn:[a-z-]+:secretsmanager:([a-z0-9-]+):(\\d{12}):secret:.+-[A-Za-z0-9]{6}");
    private static final int MAX_RECIPIENTS = 50;

    private final JsonNode node;
    /** {@code ""} for the root, {@code "<section>."} for a section. */
    private final String prefix;
    private final List<String> problems;
    private final Set<String> knownRegions;
    /** The full path of every setting read so far, in the order read (shared by the root and its sections). */
    private final Set<String> read;
    /** The settings an earlier version read, which a section refuses with a message of its own. */
    private final Set<String> retired;

    private ConfigSection(JsonNode node, String prefix, List<String> problems, Set<String> knownRegions,
                          Set<String> read, Set<String> retired) {
        this.node = node;
        this.prefix = prefix;
        this.problems = problems;
        this.knownRegions = knownRegions;
        this.read = read;
        this.retired = retired;
    }

    static ConfigSection root(JsonNode root, Set<String> knownRegions) {
        return new ConfigSection(root, "", new ArrayList<>(), knownRegions, new LinkedHashSet<>(), new HashSet<>());
    }

    /** The full path of every setting read so far ({@code schedule.expression}), in the order read. */
    Set<String> read() {
        return Collections.unmodifiableSet(read);
    }

    /**
     * A problem for every field of the document that no read asked for and no section refused already: a misspelt or
     * unknown setting would otherwise be ignored and its default used. Not descended into: {@code selfChecked}
     * sections, which name their own unknown fields.
     */
    void unknownSettings(Set<String> selfChecked) {
        unknownSettings(node, "", selfChecked);
    }

    private void unknownSettings(JsonNode object, String at, Set<String> selfChecked) {
        object.fieldNames().forEachRemaining(field -> {
            String path = at + field;
            boolean section = read.stream().anyMatch(k -> k.startsWith(path + "."));
            if (section && object.get(field).isObject() && !selfChecked.contains(path)) {
                unknownSettings(object.get(field), path + ".", selfChecked);
            } else if (!section && !read.contains(path) && !retired.contains(path)) {
                problems.add(path + ": " + unknownMessage(at, field));
            }
        });
    }

    /** {@code is not a setting}, with the one it most likely means, or the settings of that section. */
    private String unknownMessage(String at, String field) {
        List<String> siblings = read.stream().filter(k -> k.startsWith(at))
                .map(k -> k.substring(at.length()))
                .map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) : k)
                .distinct().toList();
        String where = at.isEmpty() ? "" : " of " + at.substring(0, at.length() - 1);
        for (String candidate : siblings) {
            if (candidate.equalsIgnoreCase(field) || distance(candidate.toLowerCase(), field.toLowerCase()) <= 2) {
                return "is not a setting" + where + "; did you mean " + at + candidate + "? (names are case-sensitive; "
                        + "docs/deploy.md lists every setting)";
            }
        }
        return "is not a setting" + where + " (these are: " + String.join(", ", siblings) + "; docs/deploy.md lists "
                + "every setting)";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    /** The object under {@code field}; an absent one reads as empty (every default), another type is a problem. */
    ConfigSection section(String field) {
        JsonNode child = node.get(field);
        if (child != null && !child.isNull() && !child.isObject()) {
            problem(field, "must be a JSON object");
            child = null;
        }
        return new ConfigSection(child == null || child.isNull() ? JsonNodeFactory.instance.objectNode() : child,
                path(field) + ".", problems, knownRegions, read, retired);
    }

    List<String> problems() {
        return problems;
    }

    /** {@code <this section's path>.<field>}. */
    String path(String field) {
        return prefix + field;
    }

    /** A problem of a field of this section: {@code <path>: <message>}. */
    void problem(String field, String message) {
        problems.add(path(field) + ": " + message);
    }

    /** A problem of this section as a whole ({@code alerts: ...}). */
    void problem(String message) {
        problems.add(prefix.substring(0, prefix.length() - 1) + ": " + message);
    }

    /** Problems that already start with their full path (from a validator of another module, e.g. {@code migration.idleDays: ...}). */
    void problemsWithPaths(List<String> messages) {
        problems.addAll(messages);
    }

    /** A problem of a field of the root (a check of a section that concerns a root field such as {@code reportPrefix}). */
    void rootProblem(String field, String message) {
        problems.add(field + ": " + message);
    }

    /** A problem for each field of this section not in {@code known}: {@code <path>: <message>}. */
    void unknownFields(Set<String> known, String message) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problem(field, message);
            }
        });
    }

    /** The raw value, or null when absent or JSON null; the field counts as a setting the loader reads. */
    JsonNode value(String field) {
        read.add(path(field));
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * The value of a field an earlier version read and this one refuses (the caller reports it with what replaced it),
     * or null when absent: not a setting of {@link #read()}, and not reported again as unknown.
     */
    JsonNode retired(String field) {
        retired.add(path(field));
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** A string, stripped; null when absent, blank or not a string (a problem). */
    String text(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, "must be a string");
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    String text(String field, String fallback) {
        String text = text(field);
        return text != null ? text : fallback;
    }

    /** A list of strings (a non-string item reads as null); null when absent; empty when not a list (a problem). */
    List<String> textList(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(field, "must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        value.forEach(item -> out.add(item.isTextual() ? item.asText().strip() : null));
        return out;
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or invalid (a problem). */
    int integer(String field, int fallback, int min, int max) {
        JsonNode value = value(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            problem(field, "'" + value + "' must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return value.asInt();
    }

    /** true or false; {@code fallback} when absent or not a boolean (a problem). */
    boolean flag(String field, boolean fallback) {
        JsonNode value = value(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(field, "must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    /** A string matching {@code pattern}, else the problem {@code '<value>' is not <expected>}. */
    String required(String field, Pattern pattern, String expected) {
        String value = text(field);
        if (value == null) {
            problem(field, "required (" + expected + ")");
        } else if (!pattern.matcher(value).matches()) {
            problem(field, "'" + value + "' is not " + expected);
        }
        return value;
    }

    /** A 12-digit account ID, or null when absent and not required. */
    String accountId(String field, boolean required) {
        String value = text(field);
        if (value == null) {
            if (required) {
                problem(field, "required (a 12-digit AWS account ID)");
            }
        } else if (!Environment.ACCOUNT_ID.matcher(value).matches()) {
            problem(field, "'" + value + "' is not a 12-digit AWS account ID");
        }
        return value;
    }

    /** {@code value} as the region of {@code field}: required and one CDK knows. */
    String region(String field, String value) {
        if (value == null) {
            problem(field, "required (an AWS region code such as eu-west-1)");
        } else if (!knownRegions.contains(value)) {
            problem(field, "'" + value + "' is not a known AWS region");
        }
        return value;
    }

    /** An IANA time zone, {@code fallback} when absent. */
    String zone(String field, String fallback) {
        String value = text(field, fallback);
        try {
            ZoneId.of(value);
        } catch (DateTimeException e) {
            problem(field, "'" + value + "' is not an IANA time zone such as UTC or Asia/Tokyo");
        }
        return value;
    }

    /** An EventBridge Scheduler expression, {@code fallback} when absent; {@code hint} ends the problem's message. */
    String schedule(String field, String fallback, String hint) {
        String value = text(field, fallback);
        if (!SCHEDULE.matcher(value).matches()) {
            problem(field, "'" + value + "' is not cron(...) or rate(...)" + hint);
        }
        return value;
    }

    String schedule(String field, String fallback) {
        return schedule(field, fallback, "");
    }

    /** Who an email goes to and from: {@code recipients}, {@code sender}, {@code sesConfigurationSet}. */
    record Mail(List<String> recipients, String sender, String configurationSet) {
    }

    Mail mail() {
        List<String> recipients = textList("recipients");
        if (recipients == null) {
            recipients = List.of();
        }
        for (int i = 0; i < recipients.size(); i++) {
            String address = recipients.get(i);
            if (address == null || !Environment.ADDRESS.matcher(address).matches()) {
                problem("recipients[" + i + "]", "'" + address + "' is not an email address");
            }
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            problem("recipients", recipients.size() + " addresses; at most " + MAX_RECIPIENTS
                    + " (use a mailing list address for more)");
        }
        String sender = text("sender");
        if (sender != null && !SENDER.matcher(sender).matches()) {
            problem("sender", "'" + sender + "' is not an address like stocktake@example.com or "
                    + "Stocktake <stocktake@example.com>");
        }
        if (!recipients.isEmpty() && sender == null) {
            problem("sender", "required with " + path("recipients") + " (a verified SES identity)");
        }
        String configurationSet = text("sesConfigurationSet");
        if (configurationSet != null && !(Environment.NAME.matcher(configurationSet).matches()
                && SES_NAME.matcher(configurationSet).matches())) {
            problem("sesConfigurationSet", "'" + configurationSet + "' is not an SES configuration set name");
        }
        return new Mail(recipients, sender, configurationSet);
    }

    /** {@code slackWebhookSecretArn}: a Secrets Manager ARN in the central account and region, or null. */
    String slackSecretArn(String central, String centralRegion) {
        String secretArn = text("slackWebhookSecretArn");
        if (secretArn != null) {
            var matcher = COMPLETE_SECRET_ARN.matcher(secretArn);
            if (!Environment.SECRET_ARN.matcher(secretArn).matches() || !matcher.matches()) {
                problem("slackWebhookSecretArn", "'" + secretArn + "' is not a Secrets Manager secret ARN "
                        + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)");
            } else if (central != null && centralRegion != null
                    && (!matcher.group(1).equals(centralRegion) || !matcher.group(2).equals(central))) {
                problem("slackWebhookSecretArn", "the secret must be in the central account " + central
                        + " and region " + centralRegion);
            }
        }
        return secretArn;
    }
}
