package dev.stocktake.allowlist;

/**
 * One line of the identity mapping: the IAM user {@code iamUser} in {@code account} belongs to the Identity Center person
 * whose user name is {@code identityCenterUser}.
 *
 * @param line the line in the file, for messages
 * @param account a 12-digit account ID, or {@code *} for every account
 * @param iamUser an exact IAM user name (no wildcards)
 * @param identityCenterUser the person's Identity Center {@code UserName}
 * @param reason who decided the mapping and why
 */
public record IdentityMappingEntry(int line, String account, String iamUser, String identityCenterUser, String reason) {

    /** Whether the line names every account ({@code *}) rather than one account ID. */
    public boolean isEveryAccount() {
        return account.equals(IdentityMapping.EVERY_ACCOUNT);
    }
}
