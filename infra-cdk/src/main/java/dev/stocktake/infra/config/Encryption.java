package dev.stocktake.infra.config;

import java.util.List;
import java.util.Map;

/**
 * How reports and query results are encrypted at rest.
 *
 * <p>In {@link Mode#KMS} the central stack creates the report key with the alias {@value #REPORT_KEY_ALIAS} and exports
 * its ARN as {@value #REPORT_KEY_EXPORT}; nothing is copied into the config between stages. The stacks of the central
 * account and region import the export; the stacks of other accounts (collectors, the account directory, the Identity
 * Center exporter) name the key by its alias ARN, which is known before the key exists: S3 and KMS accept an alias ARN
 * wherever they take a key ID, and their roles' {@code kms:GenerateDataKey} is scoped with the key's alias
 * ({@code kms:ResourceAliases}), since an IAM policy cannot name a key by its alias in {@code Resource}.
 *
 * @param mode {@link Mode#KMS} (a customer-managed key created by the central stack) or {@link Mode#S3_MANAGED}
 */
public record Encryption(Mode mode) {
    public enum Mode { KMS, S3_MANAGED }

    /** The report key's alias (in the central account and region). */
    public static final String REPORT_KEY_ALIAS = "alias/stocktake-reports";
    /** The name of the central stack's export of the report key's ARN (imported in the central account and region). */
    public static final String REPORT_KEY_EXPORT = "StocktakeReportKeyArn";
    /** The condition key that names a KMS key's aliases. */
    public static final String RESOURCE_ALIASES = "kms:ResourceAliases";

    public boolean usesKms() {
        return mode == Mode.KMS;
    }

    /** The report key's alias ARN, {@code arn:<partition>:kms:<central region>:<central account>:alias/stocktake-reports}. */
    public static String reportKeyAliasArn(String partition, StocktakeConfig config) {
        return "arn:" + partition + ":kms:" + config.centralRegion() + ":" + config.centralAccountId() + ":" + REPORT_KEY_ALIAS;
    }

    /**
     * The keys an IAM policy in another account may name for the report key: every key of the central account and
     * region ({@code key/*}), narrowed by {@link #reportKeyCondition()} to the one with the report key's alias.
     */
    public static String centralKeys(String partition, StocktakeConfig config) {
        return "arn:" + partition + ":kms:" + config.centralRegion() + ":" + config.centralAccountId() + ":key/*";
    }

    /** The condition that makes {@link #centralKeys} mean the report key: a key whose aliases include its alias. */
    public static Map<String, Object> reportKeyCondition() {
        return Map.of("ForAnyValue:StringEquals", Map.of(RESOURCE_ALIASES, List.of(REPORT_KEY_ALIAS)));
    }

    /** Reads and validates the {@code encryption} section. */
    static Encryption read(ConfigSection s) {
        String modeText = s.text("mode", "KMS");
        Mode mode = null;
        try {
            mode = Mode.valueOf(modeText);
        } catch (IllegalArgumentException e) {
            s.problem("mode", "'" + modeText + "' is not KMS or S3_MANAGED");
        }
        if (s.retired("kmsKeyArn") != null) {
            s.problem("kmsKeyArn", "no longer read: the stacks find the central key themselves (its alias "
                    + REPORT_KEY_ALIAS + " in the central account, and the central stack's export " + REPORT_KEY_EXPORT
                    + "); delete this field");
        }
        return new Encryption(mode);
    }
}
