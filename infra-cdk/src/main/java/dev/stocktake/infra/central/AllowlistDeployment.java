package dev.stocktake.infra.central;

import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.nag.Nag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The allowlist, exactly the bytes validated at synth, deployed to {@code s3://<bucket>/allowlist/allowlist.csv}; prune
 * keeps {@code allowlist/} to this one file (the table reads every object there). The bucket policy confines CDK's
 * deployment handler to {@code allowlist/} and keeps collectors out ({@link ReportBucketPolicy#allowlistStatements}).
 */
public final class AllowlistDeployment extends Construct {
    private final BucketDeployment deployment;

    /**
     * @param allowlist  the validated allowlist file
     * @param reportKey  the key of the report bucket, or null with S3-managed encryption
     */
    public AllowlistDeployment(Construct scope, String id, byte[] allowlist, Bucket reportBucket, IKey reportKey) {
        super(scope, id);
        // "Default": CDK leaves it out of the construct address, from which BucketDeployment derives the owner tag it
        // puts on the report bucket, so the tag is the one a deployment at the stack's top level would carry
        deployment = BucketDeployment.Builder.create(this, "Default")
                .sources(List.of(Source.data(AllowlistOptions.OBJECT_NAME, new String(allowlist, StandardCharsets.UTF_8))))
                .destinationBucket(reportBucket)
                .destinationKeyPrefix(AllowlistOptions.PREFIX)
                .prune(true)
                .contentType("text/csv; charset=utf-8")
                .build();
        ReportBucketPolicy.allowlistStatements(reportBucket.getBucketArn(), AllowlistOptions.PREFIX,
                deployment.getHandlerRole().getRoleArn()).forEach(reportBucket::addToResourcePolicy);
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
                    "CDK's BucketDeployment handler reads the allowlist asset; the report bucket's policy denies it every key outside allowlist/.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetBucket*]",
                    "CDK's BucketDeployment handler grants itself read on the CDK asset bucket to copy the allowlist.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:List*]",
                    "CDK's BucketDeployment handler lists the source and allowlist/ (the bucket policy denies listing other prefixes).");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
                    "CDK's BucketDeployment handler prunes allowlist/ to the one file; the bucket policy denies it every other key.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:Abort*]",
                    "CDK's BucketDeployment handler's standard grant for multipart uploads, confined to allowlist/ by the bucket policy.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + cdkAssets + "/*]",
                    "CDK's BucketDeployment handler reads the allowlist from the CDK bootstrap asset bucket, whose keys are content hashes.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(destination) + ".Arn>/*]",
                    "CDK's standard grant on the destination; the report bucket's policy denies the handler every key outside allowlist/.");
            if (reportKey != null) {
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
                        "CDK's BucketDeployment grant on the report key, to write the allowlist encrypted like the reports.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:ReEncrypt*]",
                        "CDK's BucketDeployment grant on the report key (aws-cdk-lib's standard read-write key grant).");
            }
            Nag.acknowledge(child, "AwsSolutions-L1",
                    "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with it.");
        }
    }

    /** CDK's deployment of the file (its handler role is the one the bucket policy confines). */
    public BucketDeployment deployment() {
        return deployment;
    }
}
