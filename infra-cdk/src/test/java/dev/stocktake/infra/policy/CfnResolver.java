package dev.stocktake.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics of one synthesized template for fixed test account IDs, as CloudFormation would
 * at deployment: {@code Ref} (pseudo parameters, parameters with a default, resources), {@code Fn::GetAtt} ({@code Arn}
 * of the resource types the policies name), {@code Fn::Join}, {@code Fn::Sub} (with {@code ${!Literal}}), {@code
 * Fn::Select}, {@code Fn::Split}, {@code Fn::If} with the template's conditions ({@code Fn::Equals}, {@code Fn::Not},
 * {@code Fn::And}, {@code Fn::Or}, {@code Condition}) and {@code AWS::NoValue}. Anything else, or a reference it cannot
 * resolve, fails naming the template and the expression: a policy is never evaluated half-resolved.
 *
 * <p>Like CloudFormation, {@code Fn::Sub} treats every {@code ${...}} as a reference: a policy variable written inside
 * a Sub without {@code !} fails here, as it would fail (or be substituted) at deployment.
 */
final class CfnResolver {
    /** The fixed KMS key ID every {@code AWS::KMS::Key} of a test template gets (the config's report key ARN ends in it). */
    static final String KEY_ID = "11111111-2222-3333-4444-555555555555";
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]*)}");

    private final String name;
    private final JsonNode template;
    private final String account;
    private final String region;
    private final String partition;
    private final Map<String, String> overrides;
    private final Map<String, Boolean> conditions = new HashMap<>();

    /**
     * @param name      the template's name, for messages
     * @param overrides values for {@code Ref} / {@code Fn::GetAtt} / {@code Fn::ImportValue} targets by
     *                  {@code LogicalId}, {@code LogicalId.Attribute} or {@code import:<name>}
     */
    CfnResolver(String name, JsonNode template, String account, String region, Map<String, String> overrides) {
        this.name = name;
        this.template = template;
        this.account = account;
        this.region = region;
        this.partition = "aws";
        this.overrides = overrides;
    }

    /** The template's resources of a type, by logical ID, unresolved. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    String name() {
        return name;
    }

    String account() {
        return account;
    }

    /** {@code node} with every intrinsic resolved. */
    JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode r = resolve(item);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && node.get(key).isTextual()
                    && template.path("Conditions").has(node.get(key).asText())) {
                return intrinsic(key, node.get(key));
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode r = resolve(e.getValue());
            if (r != null) {
                out.set(e.getKey(), r);
            }
        }
        return out;
    }

    private JsonNode intrinsic(String fn, JsonNode arg) {
        return switch (fn) {
            case "Ref" -> ref(arg.asText());
            case "Fn::GetAtt" -> text(getAtt(arg.isArray() ? arg.get(0).asText() + "." + arg.get(1).asText() : arg.asText()));
            case "Fn::Join" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode p : resolve(arg.get(1))) {
                    parts.add(string(p, "Fn::Join"));
                }
                yield text(String.join(arg.get(0).asText(), parts));
            }
            case "Fn::Sub" -> text(sub(arg));
            case "Fn::Select" -> {
                int index = Integer.parseInt(string(resolve(arg.get(0)), "Fn::Select"));
                JsonNode list = resolve(arg.get(1));
                if (!list.isArray() || index >= list.size()) {
                    throw fail("Fn::Select index " + index + " outside " + list);
                }
                yield list.get(index);
            }
            case "Fn::Split" -> {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (String s : string(resolve(arg.get(1)), "Fn::Split").split(Pattern.quote(arg.get(0).asText()), -1)) {
                    out.add(s);
                }
                yield out;
            }
            case "Fn::If" -> condition(arg.get(0).asText()) ? resolve(arg.get(1)) : resolve(arg.get(2));
            case "Fn::ImportValue" -> {
                String importName = string(resolve(arg), "Fn::ImportValue");
                String value = overrides.get("import:" + importName);
                if (value == null) {
                    throw fail("Fn::ImportValue " + importName + " has no value given for the test");
                }
                yield text(value);
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> JsonNodeFactory.instance.booleanNode(bool(fn, arg));
            default -> throw fail("unsupported intrinsic " + fn);
        };
    }

    private boolean condition(String conditionName) {
        Boolean known = conditions.get(conditionName);
        if (known != null) {
            return known;
        }
        JsonNode def = template.path("Conditions").get(conditionName);
        if (def == null) {
            throw fail("no condition " + conditionName);
        }
        String fn = def.fieldNames().next();
        boolean value = bool(fn, def.get(fn));
        conditions.put(conditionName, value);
        return value;
    }

    private boolean bool(String fn, JsonNode arg) {
        return switch (fn) {
            case "Fn::Equals" -> resolve(arg.get(0)).equals(resolve(arg.get(1)));
            case "Fn::Not" -> !asBool(arg.get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode c : arg) {
                    all &= asBool(c);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode c : arg) {
                    any |= asBool(c);
                }
                yield any;
            }
            case "Condition" -> condition(arg.asText());
            default -> throw fail("unsupported condition function " + fn);
        };
    }

    private boolean asBool(JsonNode node) {
        JsonNode r = resolve(node);
        if (!r.isBoolean()) {
            throw fail("not a condition: " + node);
        }
        return r.booleanValue();
    }

    private String sub(JsonNode arg) {
        String body = arg.isArray() ? arg.get(0).asText() : arg.asText();
        Map<String, String> vars = new HashMap<>();
        if (arg.isArray() && arg.size() > 1) {
            arg.get(1).properties().forEach(e -> vars.put(e.getKey(), string(resolve(e.getValue()), "Fn::Sub")));
        }
        Matcher m = SUB.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String value;
            if (ref.startsWith("!")) {
                value = "${" + ref.substring(1) + "}";
            } else if (vars.containsKey(ref)) {
                value = vars.get(ref);
            } else if (ref.contains(".")) {
                value = getAtt(ref);
            } else {
                value = string(ref(ref), "Fn::Sub ${" + ref + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode ref(String target) {
        switch (target) {
            case "AWS::AccountId":
                return text(account);
            case "AWS::Region":
                return text(region);
            case "AWS::Partition":
                return text(partition);
            case "AWS::URLSuffix":
                return text("amazonaws.com");
            case "AWS::StackName":
                return text(name);
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        if (overrides.containsKey(target)) {
            return text(overrides.get(target));
        }
        JsonNode parameter = template.path("Parameters").get(target);
        if (parameter != null) {
            if (!parameter.has("Default")) {
                throw fail("parameter " + target + " has no default and no value given for the test");
            }
            return parameter.get("Default");
        }
        JsonNode resource = template.path("Resources").get(target);
        if (resource == null) {
            throw fail("Ref to " + target + ", which is neither a pseudo parameter, a parameter nor a resource");
        }
        JsonNode props = resource.path("Properties");
        return text(switch (resource.path("Type").asText()) {
            case "AWS::IAM::Role" -> nameOr(props, "RoleName", target);
            case "AWS::S3::Bucket" -> nameOr(props, "BucketName", target.toLowerCase());
            case "AWS::KMS::Key" -> KEY_ID;
            case "AWS::Events::EventBus" -> nameOr(props, "Name", target);
            case "AWS::Lambda::Function" -> nameOr(props, "FunctionName", target);
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + account + "/" + nameOr(props, "QueueName", target);
            default -> target;
        });
    }

    private String getAtt(String logicalAndAttribute) {
        if (overrides.containsKey(logicalAndAttribute)) {
            return overrides.get(logicalAndAttribute);
        }
        int dot = logicalAndAttribute.indexOf('.');
        String logical = logicalAndAttribute.substring(0, dot);
        String attribute = logicalAndAttribute.substring(dot + 1);
        JsonNode resource = template.path("Resources").get(logical);
        if (resource == null) {
            throw fail("Fn::GetAtt " + logicalAndAttribute + ": no such resource");
        }
        String type = resource.path("Type").asText();
        String n = string(ref(logical), "Ref " + logical);
        if (!attribute.equals("Arn")) {
            throw fail("Fn::GetAtt " + logicalAndAttribute + " (" + type + "): only Arn is modelled");
        }
        return switch (type) {
            case "AWS::IAM::Role" -> "arn:" + partition + ":iam::" + account + ":role/" + n;
            case "AWS::S3::Bucket" -> "arn:" + partition + ":s3:::" + n;
            case "AWS::KMS::Key" -> "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + n;
            case "AWS::Events::EventBus" -> "arn:" + partition + ":events:" + region + ":" + account + ":event-bus/" + n;
            case "AWS::Lambda::Function" -> "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + n;
            case "AWS::SQS::Queue" -> "arn:" + partition + ":sqs:" + region + ":" + account + ":"
                    + nameOr(resource.path("Properties"), "QueueName", logical);
            case "AWS::DynamoDB::Table" -> "arn:" + partition + ":dynamodb:" + region + ":" + account + ":table/"
                    + nameOr(resource.path("Properties"), "TableName", logical);
            case "AWS::Logs::LogGroup" -> "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:"
                    + nameOr(resource.path("Properties"), "LogGroupName", logical) + ":*";
            case "AWS::SNS::Topic" -> "arn:" + partition + ":sns:" + region + ":" + account + ":"
                    + nameOr(resource.path("Properties"), "TopicName", logical);
            default -> throw fail("Fn::GetAtt " + logicalAndAttribute + ": the ARN of a " + type + " is not modelled");
        };
    }

    private String nameOr(JsonNode props, String field, String fallback) {
        JsonNode value = props.get(field);
        return value == null ? fallback : string(resolve(value), field);
    }

    private String string(JsonNode node, String where) {
        if (node == null || !node.isValueNode()) {
            throw fail(where + ": expected a string, got " + node);
        }
        return node.asText();
    }

    private static TextNode text(String s) {
        return TextNode.valueOf(s);
    }

    private IllegalStateException fail(String message) {
        return new IllegalStateException("template " + name + " (account " + account + "): " + message);
    }
}
