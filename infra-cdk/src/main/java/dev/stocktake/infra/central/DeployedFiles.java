package dev.stocktake.infra.central;

import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.nag.Nag;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The files the central stack deploys into the report bucket, each exactly the bytes validated or generated at synth,
 * each the only object under its own prefix (prune keeps it so; the tables read every object there):
 * {@code allowlist/allowlist.csv} (the repository's allowlist), {@code identity-mapping/identity-mapping.csv} (the
 * repository's identity mapping), {@code migration-settings/migration-settings.csv} and {@code milestones/milestones.csv}
 * (generated from the config's {@code migration} section). The four deployments share CDK's deployment handler (a
 * singleton per stack); the bucket policy confines it to these prefixes and keeps collectors out of them
 * ({@link ReportBucketPolicy#deployedFileStatements}).
 */
public final class DeployedFiles extends Construct {
    /** One file: its prefix (ending in {@code /}), its object name there, its content. */
    public record File(String prefix, String objectName, byte[] content) {
    }

    private final Map<String, BucketDeployment> deployments = new LinkedHashMap<>();

    /**
     * @param files      the files, each under its own prefix
     * @param reportKey  the key of the report bucket, or null with S3-managed encryption
     */
    public DeployedFiles(Construct scope, String id, List<File> files, Bucket reportBucket, IKey reportKey) {
        super(scope, id);
        for (File file : files) {
            // the allowlist's deployment is "Default": CDK leaves it out of the construct address, from which
            // BucketDeployment derives the owner tag it puts on the report bucket, so the tag stays the one it was
            String name = file.prefix().equals(AllowlistOptions.PREFIX) ? "Default" : file.objectName();
            deployments.put(file.prefix(), BucketDeployment.Builder.create(this, name)
                    .sources(List.of(Source.data(file.objectName(), new String(file.content(), StandardCharsets.UTF_8))))
                    .destinationBucket(reportBucket)
                    .destinationKeyPrefix(file.prefix())
                    .prune(true)
                    .contentType("text/csv; charset=utf-8")
                    .build());
        }
        IRole handler = deployments.values().iterator().next().getHandlerRole();
        ReportBucketPolicy.deployedFileStatements(reportBucket.getBucketArn(),
                files.stream().map(File::prefix).toList(), handler.getRoleArn()).forEach(reportBucket::addToResourcePolicy);
        acknowledgeHandler(reportBucket, reportKey);
    }

    /**
     * The BucketDeployment's Lambda and role are CDK's (a singleton per stack); their findings are acknowledged with
     * reasons. Its identity policy is CDK's standard grant on the whole destination bucket, but the bucket policy
     * ({@link ReportBucketPolicy#allowlistStatements}) denies it everything outside {@code allowlist/}.
     */
    private void acknowledgeHandler(Bucket destination, IKey reportKey) {
        Stack stack = Stack.of(this);
        String cdkAssets = "cdk-hnb659fds-assets-" + Nag.account(stack) + "-" + Nag.region(stack);
        for (IConstruct child : stack.getNode().getChildren()) {
            if (!child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                continue;
            }
            Nag.acknowledge(child, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                    "CDK's BucketDeployment handler (a CDK-managed singleton) uses the AWS basic execution policy for its own logs.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetObject*]",
                    "CDK's BucketDeployment handler reads the deployed files' assets; the report bucket's policy denies it every key outside their prefixes.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetBucket*]",
                    "CDK's BucketDeployment handler grants itself read on the CDK asset bucket to copy the deployed files.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:List*]",
                    "CDK's BucketDeployment handler lists the source and the deployed files' prefixes (the bucket policy denies listing others).");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
                    "CDK's BucketDeployment handler prunes each deployed file's prefix to that one file; the bucket policy denies it every other key.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:Abort*]",
                    "CDK's BucketDeployment handler's standard grant for multipart uploads, confined to the deployed files' prefixes by the bucket policy.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + cdkAssets + "/*]",
                    "CDK's BucketDeployment handler reads the deployed files from the CDK bootstrap asset bucket, whose keys are content hashes.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(destination) + ".Arn>/*]",
                    "CDK's standard grant on the destination; the report bucket's policy denies the handler every key outside the deployed files' prefixes.");
            if (reportKey != null) {
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
                        "CDK's BucketDeployment grant on the report key, to write the deployed files encrypted like the reports.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:ReEncrypt*]",
                        "CDK's BucketDeployment grant on the report key (aws-cdk-lib's standard read-write key grant).");
            }
            Nag.acknowledge(child, "AwsSolutions-L1",
                    "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with it.");
        }
    }

    /** CDK's deployment of the file under {@code prefix} (all share one handler role, the one the bucket policy confines). */
    public BucketDeployment deployment(String prefix) {
        BucketDeployment deployment = deployments.get(prefix);
        if (deployment == null) {
            throw new IllegalArgumentException("no file deployed under " + prefix + "; deployed: " + deployments.keySet());
        }
        return deployment;
    }

    /** Every deployment, by prefix. */
    public Map<String, BucketDeployment> deployments() {
        return Map.copyOf(deployments);
    }
}
