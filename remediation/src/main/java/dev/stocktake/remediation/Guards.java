package dev.stocktake.remediation;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistStatus;

/**
 * The checks made before anything is touched: the plan's age, the account in the organization (the account
 * directory's latest export), the user not allowlisted (the allowlist as deployed now, not as when the plan was made)
 * and not the root user.
 *
 * @param maxPlanAgeDays a plan older than this many days is refused
 * @param organization   the ACTIVE accounts of the latest account directory export
 * @param directoryDay   the day of that export (for messages)
 * @param allowlist      the deployed allowlist, or null when the bucket has none
 */
public record Guards(int maxPlanAgeDays, Set<String> organization, LocalDate directoryDay, Allowlist allowlist, Clock clock) {

    public Refusal planAge(Plan plan) {
        Duration age = Duration.between(plan.createdAt(), clock.instant());
        if (age.compareTo(Duration.ofDays(maxPlanAgeDays)) > 0) {
            return new Refusal(Refusal.Reason.PLAN_TOO_OLD, null, null, "plan " + plan.planId() + " was made "
                    + age.toDays() + " days ago (" + plan.createdAt() + "), more than the " + maxPlanAgeDays
                    + " days a plan is good for: make a new plan from today's reports and review it again");
        }
        return null;
    }

    public Refusal user(Plan.User user) {
        if (Remediation.ROOT_USER.equals(user.userName())) {
            return new Refusal(Refusal.Reason.ROOT_USER, user.accountId(), user.userName(), "the root user is never remediated");
        }
        if (!organization.contains(user.accountId())) {
            return new Refusal(Refusal.Reason.OUTSIDE_ORGANIZATION, user.accountId(), user.userName(), "account "
                    + user.accountId() + " is not an ACTIVE account of the organization in the account directory of "
                    + directoryDay + ": remove the user from the plan (or wait for the next directory export if it joined today)");
        }
        if (allowlist != null) {
            var decision = allowlist.decide(user.accountId(), user.accountName(), user.userName(), false, false,
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            if (decision.status() == AllowlistStatus.ALLOWED) {
                return new Refusal(Refusal.Reason.ALLOWLISTED, user.accountId(), user.userName(), "the allowlist accepts "
                        + "this user (line " + decision.entry().line() + ", owner " + decision.entry().owner()
                        + "): an allowlisted user is never remediated; remove or let the entry expire first");
            }
        }
        return null;
    }
}
