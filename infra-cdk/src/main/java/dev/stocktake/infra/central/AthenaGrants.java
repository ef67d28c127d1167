package dev.stocktake.infra.central;

import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;

/** Statements every role that runs Stocktake's Athena queries needs, written once. */
final class AthenaGrants {

    private AthenaGrants() {
    }

    /**
     * {@code QueryResults}: Athena writes and reads a query's results in the workgroup's results bucket with the
     * caller's credentials (multipart for large results).
     */
    static PolicyStatement queryResults(String resultsBucketArn) {
        // hand-written: Bucket.grantReadWrite would add s3:GetObject*, s3:List*, s3:DeleteObject* and more

        return PolicyStatement.Builder.create()
                .sid("QueryResults")
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject", "s3:PutObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(resultsBucketArn, resultsBucketArn + "/*"))
                .build();
    }

    /**
     * What every reader of the views needs of their sources, besides the catalog: the reports, the account directory
     * and the allowlist; what the migration views read (the collectors' IAM details, the Identity Center export, the
     * identity mapping, the migration settings, the milestones: every person's identity and access, every IAM user's
     * tags, see docs/security.md); the Parquet copy of finished months and its partitions (the views read it through
     * {@code report_rows}); and listing the bucket. Hand-written: Bucket.grantRead would add s3:GetObject* and s3:List*.
     */
    static List<PolicyStatement> viewSources(String reportBucketArn, StocktakeConfig config, Stack stack, String database) {
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("ReadReportsDirectoryAndAllowlist")
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reportBucketArn + "/" + config.reportPrefix() + "*",
                                reportBucketArn + "/" + StocktakeConfig.DIRECTORY_PREFIX + "*",
                                reportBucketArn + "/" + QuickSightResources.ALLOWLIST_OBJECT))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ReadMigrationSources")
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reportBucketArn + "/" + StocktakeConfig.DETAILS_PREFIX + "*",
                                reportBucketArn + "/" + StocktakeConfig.IDENTITY_CENTER_PREFIX + "*",
                                reportBucketArn + "/" + StocktakeConfig.IDENTITY_MAPPING_PREFIX + StocktakeConfig.IDENTITY_MAPPING_FILE,
                                reportBucketArn + "/" + StocktakeConfig.MIGRATION_SETTINGS_PREFIX + StocktakeConfig.MIGRATION_SETTINGS_FILE,
                                reportBucketArn + "/" + StocktakeConfig.MILESTONES_PREFIX + StocktakeConfig.MILESTONES_FILE))
                        .build(),
                ReportCompaction.readCompactedCopy(reportBucketArn),
                ReportCompaction.readCompactedPartitions(stack, database),
                PolicyStatement.Builder.create()
                        .sid("ListReportBucket")
                        .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                        .resources(List.of(reportBucketArn))
                        .build());
    }

    /** The cdk-nag acknowledgments of {@code ReadMigrationSources} ({@link #viewSources}) on a reader's role. */
    static void acknowledgeMigrationSources(software.constructs.IConstruct role, String bucketName) {
        dev.stocktake.infra.nag.Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucketName + "/"
                        + StocktakeConfig.DETAILS_PREFIX + "*]",
                "The migration views read every collector's IAM details file (keys hold the date and account); read only.");
        dev.stocktake.infra.nag.Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucketName + "/"
                        + StocktakeConfig.IDENTITY_CENTER_PREFIX + "*]",
                "The migration views read every Identity Center export (keys hold the date); read only.");
    }
}
