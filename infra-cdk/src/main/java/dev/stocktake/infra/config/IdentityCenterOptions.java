package dev.stocktake.infra.config;

import java.util.regex.Pattern;

/**
 * The Identity Center exporter ({@code StocktakeIdentityCenterExport}): once a day it writes the users, groups,
 * memberships and account assignments of the organization's IAM Identity Center instance to
 * {@code identity-center/YYYY/MM/DD/identity-center.json} in the central bucket, the data the migration views match IAM
 * users against.
 *
 * @param enabled         deploy the exporter; default true. Without it the views say {@code identity_center_unknown}
 * @param accountId       where it runs: the management account (default) or the Identity Center delegated
 *                        administrator; the bucket policy and the report key policy name its role in this account
 * @param delegatedAdmin  whether {@code accountId} is not the management account (then the guardrail SCP covers the
 *                        exporter, and its deployment needs the delegated administrator set up first)
 * @param region          the Identity Center instance's region; default {@code centralRegion}
 * @param instanceArn     the instance to export ({@code arn:aws:sso:::instance/ssoins-...}); null: the only one
 *                        {@code sso:ListInstances} returns. Given, the role's sso permissions name this instance only
 * @param identityStoreId the instance's identity store ({@code d-...}); null: any identity store of the account. Given,
 *                        the role's identitystore permissions name this store only
 * @param schedule        when it runs (EventBridge Scheduler expression in {@code schedule.timeZone}); before the
 *                        collectors' window, like the account directory; default {@value #DEFAULT_SCHEDULE}
 */
public record IdentityCenterOptions(boolean enabled, String accountId, boolean delegatedAdmin, String region,
                                    String instanceArn, String identityStoreId, String schedule) {
    public static final String DEFAULT_SCHEDULE = Coverage.DEFAULT_DIRECTORY_SCHEDULE;
    /** An instance ARN as sso-admin returns it (the IAM Identity Center API reference's pattern). */
    static final Pattern INSTANCE_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
    /** An identity store ID as the Identity Store API reference gives it: {@code d-} and ten hex digits, or a UUID. */
    static final Pattern IDENTITY_STORE_ID = Pattern.compile("d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The instance's ID (the last segment of its ARN), or null. */
    public String instanceId() {
        return instanceArn == null ? null : instanceArn.substring(instanceArn.lastIndexOf('/') + 1);
    }

    /**
     * Reads and validates the {@code identityCenter} section.
     *
     * @param management    the management account (the default account)
     * @param centralRegion the default region
     */
    static IdentityCenterOptions read(ConfigSection s, String management, String centralRegion) {
        boolean enabled = s.flag("enabled", true);
        String account = s.accountId("accountId", false);
        if (account == null) {
            account = management;
        }
        String region = s.text("region");
        region = region == null ? centralRegion : s.region("region", region);
        String instanceArn = s.text("instanceArn");
        if (instanceArn != null && !INSTANCE_ARN.matcher(instanceArn).matches()) {
            s.problem("instanceArn", "'" + instanceArn + "' is not an IAM Identity Center instance ARN "
                    + "(arn:aws:sso:::instance/ssoins-<16 characters>; aws sso-admin list-instances shows it), "
                    + "or leave it null to export the only instance");
            instanceArn = null;
        }
        String storeId = s.text("identityStoreId");
        if (storeId != null && !IDENTITY_STORE_ID.matcher(storeId).matches()) {
            s.problem("identityStoreId", "'" + storeId + "' is not an identity store ID (d-<10 hex digits>; "
                    + "aws sso-admin list-instances shows it), or leave it null");
            storeId = null;
        }
        String schedule = s.schedule("schedule", DEFAULT_SCHEDULE, " (in schedule.timeZone; default " + DEFAULT_SCHEDULE + ")");
        return new IdentityCenterOptions(enabled, account, account != null && !account.equals(management), region,
                instanceArn, storeId, schedule);
    }
}
