package dev.stocktake.cli.demo;

/**
 * What goes wrong in the demo's organization, so that the coverage figures have something to show: from
 * {@code failingFrom} on, the collector of account {@code failingAccount} is denied
 * {@code iam:GenerateCredentialReport} (as a service control policy would deny it) and its account goes missing; from
 * {@code suspendedFrom} on, account {@code suspendedAccount} is closed (suspended), so it stops reporting without being
 * missing. Indexes are into the plan's accounts; {@link DemoOrganization#NEVER} when it does not happen (organizations
 * of fewer than 3 accounts, fewer than 2 days).
 *
 * @param failingFrom   the first report day without a report from the failing account
 * @param suspendedFrom the first report day on which the suspended account is suspended
 */
record Incidents(int failingAccount, int failingFrom, int suspendedAccount, int suspendedFrom) {

    static final Incidents NONE = new Incidents(-1, DemoOrganization.NEVER, -1, DemoOrganization.NEVER);

    /**
     * For {@code accounts} accounts and {@code days} days: the account a third of the way down the list fails for the
     * last sixth of the days (at least the last day); the one two thirds down is suspended halfway.
     */
    static Incidents plan(int accounts, int days) {
        if (accounts < 3 || days < 2) {
            return NONE;
        }
        int failingFrom = Math.max(1, days - 1 - days / 6);
        int suspendedFrom = days >= 3 ? Math.max(1, days / 2) : DemoOrganization.NEVER;
        return new Incidents(accounts / 3, failingFrom, accounts * 2 / 3, suspendedFrom);
    }

    boolean fails(int account, int day) {
        return account == failingAccount && day >= failingFrom;
    }

    boolean suspended(int account, int day) {
        return account == suspendedAccount && day >= suspendedFrom;
    }
}
