package dev.stocktake.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.AlertStacks;
import dev.stocktake.infra.Fixtures;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.StocktakeApp;
import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.central.ReportCompaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The real app (every stack {@code StocktakeApp} defines, the alert stacks and the two StackSet templates) synthesized
 * from {@code policy-eval.config.json} for fixed accounts, with each policy the matrix evaluates taken from the
 * templates and resolved for the account it is deployed in.
 */
final class Deployment {
    static final String ORG = "o-abc123example";
    static final String CENTRAL = "111111111111";
    static final String MANAGEMENT = "222222222222";
    static final String MEMBER_A = "333333333333";
    static final String MEMBER_B = "444444444444";
    static final String OUTSIDER = "999999999999";
    /** The account of the remediation operators (remediation.trustedPrincipals of policy-eval.config.json). */
    static final String OPERATOR = "555555555555";
    static final String OUTSIDER_ORG = "o-zzz999outside";
    static final String REGION = "eu-west-1";

    final StocktakeConfig config;
    /** Every synthesized stack template of the app, by stack name, with its resolver. */
    final Map<String, CfnResolver> stacks = new java.util.LinkedHashMap<>();
    /** The views the central stack creates (the repository's views.txt), in creation order. */
    final List<String> shippedViews;
    private final JsonNode memberTemplate;
    private final JsonNode forwarderTemplate;
    /** The remediation role's template (null when the config does not enable remediation). */
    private final JsonNode remediationTemplate;

    private Deployment(String configResource) {
        config = Fixtures.config(configResource);
        try {
            Path dir = Files.createTempDirectory("stocktake-policy-eval");
            App app = StocktakeApp.newApp(dir.resolve("cdk.out").toString());
            // the repository's own athena-sql (views.txt): the views custom resource's Glue scope is evaluated on the
            // views that ship
            StocktakeApp.Stacks defined = StocktakeApp.define(app, config, Fixtures.paths(), dir.resolve("member"));
            shippedViews = defined.central().views().views().stream()
                    .map(v -> String.valueOf(v.getNode().getId()).replaceFirst("^View-", "")).toList();
            AlertStacks alerts = AlertStacks.define(app, config, fakeJar(dir), dir.resolve("forwarder"));
            memberTemplate = PolicyEvaluator.JSON.readTree(defined.member().templateBody());
            forwarderTemplate = PolicyEvaluator.JSON.readTree(alerts.member().templateBody());
            remediationTemplate = defined.remediationRole() == null ? null
                    : PolicyEvaluator.JSON.readTree(defined.remediationRole().templateBody());
            for (CloudFormationStackArtifact stack : app.synth().getStacks()) {
                JsonNode template = PolicyEvaluator.JSON.valueToTree(stack.getTemplate());
                // the central stack's export of the report key, which the central account's other stacks import
                stacks.put(stack.getStackName(), new CfnResolver(stack.getStackName(), template,
                        stack.getEnvironment().getAccount(), stack.getEnvironment().getRegion(),
                        Map.of("import:" + Encryption.REPORT_KEY_EXPORT, keyArn())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, Deployment> SHARED = new java.util.HashMap<>();

    /** The app of {@code policy-eval.config.json} (KMS), synthesized once per JVM. */
    static Deployment get() {
        return get("policy-eval.config.json");
    }

    /** The app of a config with the same accounts (e.g. {@code policy-eval-s3.config.json}, S3-managed encryption). */
    static synchronized Deployment get(String configResource) {
        return SHARED.computeIfAbsent(configResource, Deployment::new);
    }

    private static Path fakeJar(Path dir) throws IOException {
        Path jar = dir.resolve("stocktake-notifier.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("placeholder.txt"));
            zip.write("policy-eval".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    /** The member template (collector) as deployed by the StackSet in {@code account}. */
    CfnResolver member(String account) {
        return new CfnResolver("member template in " + account, memberTemplate, account, REGION, Map.of());
    }

    /** The alert forwarder template as deployed by its StackSet in {@code account} (us-east-1). */
    CfnResolver forwarder(String account) {
        return new CfnResolver("alert forwarder template in " + account, forwarderTemplate, account, "us-east-1", Map.of());
    }

    /** The remediation role's template as deployed by its StackSet in {@code account}. */
    CfnResolver remediation(String account) {
        if (remediationTemplate == null) {
            throw new IllegalStateException("the config does not enable remediation: no remediation role template");
        }
        return new CfnResolver("remediation role template in " + account, remediationTemplate, account, REGION, Map.of());
    }

    ArrayNode remediationPolicies(String account) {
        CfnResolver r = remediation(account);
        return identityPolicies(r, roleId(r, Names.REMEDIATION_ROLE));
    }

    ObjectNode remediationTrust(String account) {
        CfnResolver r = remediation(account);
        return trustPolicy(r, roleId(r, Names.REMEDIATION_ROLE));
    }

    static String remediationRoleArn(String account) {
        return "arn:aws:iam::" + account + ":role/" + Names.REMEDIATION_ROLE;
    }

    CfnResolver stack(String name) {
        CfnResolver r = stacks.get(name);
        if (r == null) {
            throw new IllegalStateException("no stack " + name + " in the synthesized app; stacks: " + stacks.keySet());
        }
        return r;
    }

    CfnResolver central() {
        return stack(StocktakeApp.CENTRAL);
    }

    String bucket() {
        return config.reportBucketName();
    }

    String bucketArn() {
        return "arn:aws:s3:::" + bucket();
    }

    String reportArn(String keyAfterPrefix) {
        return bucketArn() + "/" + config.reportPrefix() + keyAfterPrefix;
    }

    /** The report bucket's logical ID in the central stack. */
    String reportBucketId() {
        CfnResolver c = central();
        return c.resources("AWS::S3::Bucket").entrySet().stream()
                .filter(e -> bucket().equals(c.resolve(e.getValue().path("Properties").path("BucketName")).asText(null)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bucket " + bucket() + " in the central stack"));
    }

    /** The report bucket's resource (unresolved properties). */
    JsonNode reportBucket() {
        return central().resources("AWS::S3::Bucket").get(reportBucketId());
    }

    /** The report bucket's policy document, resolved. */
    ObjectNode bucketPolicy() {
        CfnResolver c = central();
        String id = reportBucketId();
        return c.resources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> id.equals(p.path("Properties").path("Bucket").path("Ref").asText()))
                .map(p -> (ObjectNode) c.resolve(p.path("Properties").path("PolicyDocument")))
                .findFirst().orElseThrow(() -> new IllegalStateException("the report bucket has no bucket policy"));
    }

    /** The report key's policy document, resolved: the key the report bucket encrypts with. */
    ObjectNode keyPolicy() {
        CfnResolver c = central();
        JsonNode keyRef = reportBucket().path("Properties").path("BucketEncryption").path("ServerSideEncryptionConfiguration")
                .path(0).path("ServerSideEncryptionByDefault").path("KMSMasterKeyID").path("Fn::GetAtt").path(0);
        JsonNode key = c.resources("AWS::KMS::Key").get(keyRef.asText());
        if (key == null) {
            throw new IllegalStateException("the report bucket names no KMS key of the central stack (" + keyRef + ")");
        }
        return (ObjectNode) c.resolve(key.path("Properties").path("KeyPolicy"));
    }

    /** The report key's ARN: the central stack's key, as {@link CfnResolver} resolves its {@code Fn::GetAtt}. */
    String keyArn() {
        return "arn:aws:kms:" + REGION + ":" + CENTRAL + ":key/" + CfnResolver.KEY_ID;
    }

    /** The report key's alias ARN, by which the stacks of other accounts name it. */
    String keyAliasArn() {
        return "arn:aws:kms:" + REGION + ":" + CENTRAL + ":" + Encryption.REPORT_KEY_ALIAS;
    }

    /** A role's logical ID by its RoleName. */
    static String roleId(CfnResolver r, String roleName) {
        return r.resources("AWS::IAM::Role").entrySet().stream()
                .filter(e -> roleName.equals(r.resolve(e.getValue().path("Properties").path("RoleName")).asText(null)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException(r.name() + " has no role named " + roleName));
    }

    /** The role of the Lambda function named {@code functionName}. */
    static String functionRoleId(CfnResolver r, String functionName) {
        return r.resources("AWS::Lambda::Function").values().stream()
                .filter(f -> functionName.equals(r.resolve(f.path("Properties").path("FunctionName")).asText(null)))
                .map(f -> f.path("Properties").path("Role").path("Fn::GetAtt").path(0).asText())
                .findFirst().orElseThrow(() -> new IllegalStateException(r.name() + " has no function " + functionName));
    }

    /**
     * A role's identity policies, resolved: its inline {@code Policies} and every {@code AWS::IAM::Policy} attached to
     * it. (AWS managed policies are not modelled; none of the matrix's actions depends on one.)
     */
    static ArrayNode identityPolicies(CfnResolver r, String roleId) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        JsonNode role = r.resources("AWS::IAM::Role").get(roleId);
        for (JsonNode inline : role.path("Properties").path("Policies")) {
            out.addObject().put("name", inline.path("PolicyName").asText()).set("policy", r.resolve(inline.path("PolicyDocument")));
        }
        r.resources("AWS::IAM::Policy").forEach((id, policy) -> {
            for (JsonNode attached : policy.path("Properties").path("Roles")) {
                if (roleId.equals(attached.path("Ref").asText())) {
                    out.addObject().put("name", id).set("policy", r.resolve(policy.path("Properties").path("PolicyDocument")));
                }
            }
        });
        return out;
    }

    static ObjectNode trustPolicy(CfnResolver r, String roleId) {
        return (ObjectNode) r.resolve(r.resources("AWS::IAM::Role").get(roleId).path("Properties").path("AssumeRolePolicyDocument"));
    }

    ArrayNode collectorPolicies(String account) {
        CfnResolver m = member(account);
        return identityPolicies(m, roleId(m, Names.COLLECTOR_ROLE));
    }

    ArrayNode forwarderPolicies(String account) {
        CfnResolver f = forwarder(account);
        return identityPolicies(f, roleId(f, AlertOptions.FORWARDER_ROLE));
    }

    ArrayNode compactionPolicies() {
        CfnResolver c = central();
        return identityPolicies(c, functionRoleId(c, ReportCompaction.FUNCTION_NAME));
    }

    ArrayNode directoryPolicies() {
        CfnResolver dir = stack(StocktakeApp.ACCOUNT_DIRECTORY);
        return identityPolicies(dir, roleId(dir, Names.DIRECTORY_ROLE));
    }

    /** The Identity Center exporter's stack (management account with policy-eval.config.json). */
    CfnResolver identityCenter() {
        return stack(StocktakeApp.IDENTITY_CENTER);
    }

    ArrayNode identityCenterPolicies() {
        CfnResolver ic = identityCenter();
        return identityPolicies(ic, roleId(ic, Names.IDENTITY_CENTER_ROLE));
    }

    /** The role of the views custom resource's handler (the Lambda that runs CREATE OR REPLACE VIEW), by logical ID. */
    String viewsHandlerRoleId() {
        CfnResolver c = central();
        return c.resources("AWS::Lambda::Function").values().stream()
                .filter(f -> f.path("Properties").path("Description").asText().startsWith("Runs CREATE OR REPLACE VIEW"))
                .map(f -> f.path("Properties").path("Role").path("Fn::GetAtt").path(0).asText())
                .findFirst().orElseThrow(() -> new IllegalStateException("the central stack has no views handler"));
    }

    ArrayNode viewsHandlerPolicies() {
        return identityPolicies(central(), viewsHandlerRoleId());
    }

    CfnResolver orgRead() {
        return stack(StocktakeApp.ORG_READ);
    }

    String orgReadRoleArn() {
        return Names.orgReadRoleArn(config);
    }

    /** The central event bus's resource policy, resolved (CDK writes one AWS::Events::EventBusPolicy per statement). */
    ObjectNode busPolicy() {
        CfnResolver a = stack(AlertStacks.ALERTS);
        ObjectNode policy = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        a.resources("AWS::Events::EventBusPolicy").values().forEach(p -> {
            JsonNode props = a.resolve(p.path("Properties"));
            if (props.has("Statement")) {
                statements.add(props.get("Statement"));
            }
            if (props.has("Policy")) {
                props.get("Policy").path("Statement").forEach(statements::add);
            }
        });
        if (statements.isEmpty()) {
            throw new IllegalStateException("the alerts stack has no event bus policy");
        }
        return policy;
    }

    String busArn() {
        return "arn:aws:events:" + REGION + ":" + CENTRAL + ":event-bus/" + config.alerts().eventBusName();
    }

    /**
     * The service control policies ({@code AWS::Organizations::Policy} of type SERVICE_CONTROL_POLICY) of every
     * template deployed in the management account, resolved, or an empty list when there is none.
     */
    List<ObjectNode> serviceControlPolicies() {
        List<ObjectNode> out = new ArrayList<>();
        stacks.values().stream().filter(s -> MANAGEMENT.equals(s.account())).forEach(s ->
                s.resources("AWS::Organizations::Policy").values().forEach(p -> {
                    JsonNode props = s.resolve(p.path("Properties"));
                    if (props.path("Type").asText().equals("SERVICE_CONTROL_POLICY")) {
                        JsonNode content = props.path("Content");
                        try {
                            out.add((ObjectNode) (content.isTextual() ? PolicyEvaluator.JSON.readTree(content.asText()) : content));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }));
        return out;
    }
}
