package dev.stocktake.infra.config;

import dev.stocktake.support.env.Environment;
import java.util.regex.Pattern;

/**
 * How reports and query results are encrypted at rest.
 *
 * @param mode {@link Mode#KMS} (a customer-managed key created by the central stack) or
 *             {@link Mode#S3_MANAGED}
 * @param kmsKeyArn the ARN of that key once the central stack exists (its {@code ReportKeyArn}
 *                  output); the collectors need it to encrypt across accounts. Null in
 *                  {@code S3_MANAGED} mode.
 */
public record Encryption(Mode mode, String kmsKeyArn) {
    public enum Mode { KMS, S3_MANAGED }

    public boolean usesKms() {
        return mode == Mode.KMS;
    }

    /**
     * Stricter than the Lambdas' {@link Environment#KMS_ARN}, which a value must also match: a key ARN, not an alias
     * (the collectors in other accounts and the roles' KMS statements need the key itself), with its region and
     * account as groups, to check they are the central ones.
     */
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:[a-z-]+:kms:([a-z0-9-]+):(\\d{12}):key/[a-zA-Z0-9-]+");

    /** Reads and validates the {@code encryption} section: the key must be in the central account and region. */
    static Encryption read(ConfigSection s, String central, String centralRegion) {
        String modeText = s.text("mode", "KMS");
        Mode mode = null;
        try {
            mode = Mode.valueOf(modeText);
        } catch (IllegalArgumentException e) {
            s.problem("mode", "'" + modeText + "' is not KMS or S3_MANAGED");
        }
        String keyArn = s.text("kmsKeyArn");
        if (mode == Mode.KMS) {
            if (keyArn == null) {
                s.problem("kmsKeyArn", "required when encryption.mode is KMS: deploy the central stack, "
                        + "then copy its ReportKeyArn output here (the collectors in other accounts must name the key by ARN)");
            } else {
                var matcher = KMS_KEY_ARN.matcher(keyArn);
                if (!Environment.KMS_ARN.matcher(keyArn).matches() || !matcher.matches()) {
                    s.problem("kmsKeyArn", "'" + keyArn + "' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
                } else if (central != null && centralRegion != null
                        && (!matcher.group(1).equals(centralRegion) || !matcher.group(2).equals(central))) {
                    s.problem("kmsKeyArn", "the key must be in the central account " + central + " and region " + centralRegion);
                }
            }
        } else if (mode == Mode.S3_MANAGED && keyArn != null) {
            s.problem("kmsKeyArn", "only allowed when encryption.mode is KMS");
        }
        return new Encryption(mode, mode == Mode.KMS ? keyArn : null);
    }
}
