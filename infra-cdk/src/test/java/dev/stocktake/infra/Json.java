package dev.stocktake.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Small readers over a synthesized template's JSON, for assertions that are clearer in AssertJ. */
final class Json {
    private Json() {
    }

    /** The resources of a type, keyed by logical ID. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The statements of every IAM policy document property named {@code field} in resources of a type. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Template template, String type, String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : resources(template, type).values()) {
            Map<String, Object> doc = (Map<String, Object>) props(r).get(field);
            if (doc != null) {
                out.addAll((List<Map<String, Object>>) doc.get("Statement"));
            }
        }
        return out;
    }

    /** The statements of the IAM policies attached to one role (by the role's logical ID). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> roleStatements(Template template, software.amazon.awscdk.services.iam.Role role) {
        software.amazon.awscdk.Stack stack = software.amazon.awscdk.Stack.of(role);
        String roleId = stack.getLogicalId((software.amazon.awscdk.CfnElement) role.getNode().getDefaultChild());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> policy : resources(template, "AWS::IAM::Policy").values()) {
            if (String.valueOf(props(policy).get("Roles")).contains(roleId)) {
                out.addAll((List<Map<String, Object>>) ((Map<String, Object>) props(policy).get("PolicyDocument")).get("Statement"));
            }
        }
        return out;
    }

    /**
     * The one statement without a Sid (what a {@code grant*} method writes) whose actions include {@code action}; fails
     * when there is none or more than one.
     */
    static Map<String, Object> grantWith(List<Map<String, Object>> statements, String action) {
        List<Map<String, Object>> found = statements.stream()
                .filter(s -> s.get("Sid") == null && list(s.get("Action")).contains(action)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " statements without a Sid grant " + action + ": " + statements);
        }
        return found.getFirst();
    }

    /** A statement's Action or NotAction as a list. */
    static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
