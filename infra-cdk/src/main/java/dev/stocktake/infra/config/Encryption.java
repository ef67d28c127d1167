package dev.stocktake.infra.config;

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
}
