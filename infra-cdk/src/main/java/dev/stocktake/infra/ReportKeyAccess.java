package dev.stocktake.infra;

import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * How a stack outside the central account uses the report key without its ARN (which exists only once the central stack
 * is deployed): the Lambda is given the key's alias ARN ({@code KMS_KEY_ARN}, which S3's SSE-KMS header and KMS accept),
 * and its role {@code kms:GenerateDataKey} on the central account's keys in the central region that carry the report
 * key's alias ({@code kms:ResourceAliases}). The key policy of the report key still decides who may use it, and how (only
 * through S3, for the report bucket); an IAM policy cannot name a key by its alias in {@code Resource}.
 */
public final class ReportKeyAccess {
    private ReportKeyAccess() {
    }

    /** The partition of the ARNs, as {@code Names} writes the roles' ARNs. */
    private static final String PARTITION = "aws";

    /** The report key's alias ARN: the value of the Lambdas' {@code KMS_KEY_ARN}. */
    public static String aliasArn(Stack stack, StocktakeConfig config) {
        return Encryption.reportKeyAliasArn(PARTITION, config);
    }

    /** Lets {@code role} encrypt with the report key through S3 ({@code kms:GenerateDataKey}), and says why in cdk-nag. */
    public static void grantGenerateDataKey(IRole role, String sid, StocktakeConfig config) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of(Encryption.centralKeys(PARTITION, config)))
                .conditions(Encryption.reportKeyCondition())
                .build());
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:" + PARTITION + ":kms:" + config.centralRegion() + ":"
                        + config.centralAccountId() + ":key/*]",
                "The report key of the central account, named by its alias (kms:ResourceAliases " + Encryption.REPORT_KEY_ALIAS
                        + "): its ARN exists only once the central stack is deployed, and IAM cannot name a key by alias "
                        + "in Resource. Only GenerateDataKey; the key policy admits it only through S3 for the report bucket.");
    }
}
