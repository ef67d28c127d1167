package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * One region's asset bucket in the StackSet administrator account: Lambda reads a function's code
 * only from a bucket in the function's region, so each StackSet region needs its copy of the
 * collector jar. Readable (the jar only) by principals of this organization, since CloudFormation
 * in each member account fetches it with that account's StackSet execution role.
 */
public final class CollectorAssetsStack extends Stack {
    private final Bucket bucket;
    private final BucketDeployment deployment;

    public CollectorAssetsStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path collectorJar) {
        super(scope, id, props);
        bucket = Bucket.Builder.create(this, "Assets")
                .bucketName(Names.assetBucket(config.stackSet().adminAccountId(), getRegion()))
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationReadsCollectorCode")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(Names.ASSET_PREFIX + "*")))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalOrgID", config.organizationId())))
                .build());
        Nag.acknowledge(bucket, "AwsSolutions-S1",
                "Holds only the collector's build artifact, written by this stack's deployment; CloudTrail records who changes it.");

        deployment = BucketDeployment.Builder.create(this, "CollectorJar")
                .sources(List.of(Source.asset(collectorJar.toString())))
                .destinationBucket(bucket)
                .destinationKeyPrefix(Names.ASSET_PREFIX)
                .extract(false)
                .prune(false)
                .retainOnDelete(true)
                .memoryLimit(512)
                .build();
        acknowledgeBucketDeployment(this, bucket);
    }

    /** The BucketDeployment's own Lambda and role are CDK's; their findings are acknowledged with reasons. */
    static void acknowledgeBucketDeployment(Stack stack, Bucket destination) {
        String cdkAssets = "cdk-hnb659fds-assets-" + Nag.account(stack) + "-" + Nag.region(stack);
        for (IConstruct child : stack.getNode().getChildren()) {
            String id = child.getNode().getId();
            if (id.startsWith("Custom::CDKBucketDeployment")) {
                Nag.acknowledge(child, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                        "CDK's BucketDeployment handler (a CDK-managed singleton) uses the AWS basic execution policy for its own logs.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetObject*]",
                        "CDK's BucketDeployment handler grants itself read on the CDK asset bucket to copy the jar.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetBucket*]",
                        "CDK's BucketDeployment handler grants itself read on the CDK asset bucket to copy the jar.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:List*]",
                        "CDK's BucketDeployment handler lists the source and destination to copy the jar.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
                        "CDK's BucketDeployment handler's standard grant on the destination; prune is off, so it deletes nothing.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:Abort*]",
                        "CDK's BucketDeployment handler's standard grant for multipart uploads to the destination.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + cdkAssets + "/*]",
                        "CDK's BucketDeployment handler reads the jar from the CDK bootstrap asset bucket, whose keys are content hashes.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(destination) + ".Arn>/*]",
                        "CDK's BucketDeployment handler writes the jar into this stack's asset bucket under a content-hash key.");
                Nag.acknowledge(child, "AwsSolutions-L1",
                        "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with it.");
            }
        }
    }

    public Bucket bucket() {
        return bucket;
    }

    public BucketDeployment deployment() {
        return deployment;
    }
}
