package dev.stocktake.infra.central;

import java.util.List;
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
}
