package dev.stocktake.dashboard;

import java.util.List;
import java.util.Locale;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.dashboard.MigrationData.Milestone;

/**
 * What the dashboard's milestones and migration sections show, in words, worked out from {@link MigrationData}: the
 * organization's next and final milestone, who holds the next back, the scopes' next milestones and today's verdict
 * counts. Plain text: the template escapes it. Pure.
 *
 * @param noMilestone {@code No milestone configured.} (or no organization-wide one), or {@code null} when there is one
 * @param next        the organization's next milestone, or {@code null}
 * @param last        the organization's final milestone when it is not the next, or {@code null}
 */
record MigrationSection(String noMilestone, Next next, String last, List<String> scoped, List<OwnerRow> owners,
                        List<BlockerRow> accounts, String verdictsTitle, List<MigrationData.VerdictCount> verdicts) {

    /** @param statusClass {@code met}, {@code on_track}, {@code behind} or {@code missed}: the CSS class of the status */
    record Next(String title, String daysLeft, String standing, String statusClass) {
    }

    record OwnerRow(String owner, long consoleUsers, long accounts, String share) {
    }

    record BlockerRow(String accountName, String accountId, String owner, long consoleUsers, String share) {
    }

    /** How many owners and accounts the section lists; the data has more (the tables below, the CSV files). */
    static final int TOP = 10;

    public boolean hasBlockers() {
        return !owners.isEmpty();
    }

    static MigrationSection of(MigrationData data) {
        Milestone next = data.next();
        Milestone last = data.last();
        return new MigrationSection(
                next != null ? null : data.milestones().isEmpty() ? "No milestone configured."
                        : "No organization-wide milestone configured.",
                next == null ? null : new Next(milestone(next), daysLeft(next), capitalized(standing(next)), next.status()),
                last == null || last.equals(next) ? null : milestone(last) + " (" + daysLeft(last) + ")",
                data.scopedNext().stream().map(m -> scope(m) + ": " + milestone(m) + " (" + daysLeft(m) + "); " + standing(m)).toList(),
                data.organizationBlockerOwners().stream().limit(TOP).map(o -> new OwnerRow(owner(o.owner()), o.consoleUsers(),
                        o.accounts(), share(o.shareOfScope()))).toList(),
                data.organizationBlockers().stream().limit(TOP).map(b -> new BlockerRow(b.accountName(), b.accountId(),
                        owner(b.owner()), b.consoleUsers(), share(b.shareOfScope()))).toList(),
                "IAM users by verdict today (" + data.users() + ")", data.verdicts());
    }

    /** {@code under 100: at most 100 console-capable IAM users by 2027-03-31}; without a name, from "at most" on. */
    static String milestone(Milestone milestone) {
        return (milestone.name() == null ? "" : milestone.name() + ": ") + "at most " + milestone.maxConsoleUsers()
                + " console-capable IAM users by " + milestone.day();
    }

    /** {@code 118 days left}, {@code 1 day left}, {@code due today}, {@code passed 3 days ago}. */
    static String daysLeft(Milestone milestone) {
        long days = milestone.daysLeft();
        return days > 0 ? days + (days == 1 ? " day" : " days") + " left" : days == 0 ? "due today"
                : "passed " + -days + (days == -1 ? " day" : " days") + " ago";
    }

    /** {@code now 130, 30 above the maximum: behind; projected for 2027-05-02 at the recent pace}. */
    static String standing(Milestone milestone) {
        StringBuilder text = new StringBuilder();
        if (milestone.currentConsoleUsers() == null) {
            text.append("no console users counted in the scope");
        } else {
            long distance = milestone.distance() == null ? 0 : milestone.distance();
            text.append("now ").append(milestone.currentConsoleUsers())
                    .append(distance > 0 ? ", " + distance + " above the maximum" : ", at or under the maximum");
        }
        text.append(": ").append(milestone.status() == null ? "status unknown" : MigrationWords.milestoneStatus(milestone.status()));
        if ("on_track".equals(milestone.status()) || "behind".equals(milestone.status())) {
            text.append(milestone.projectedDay() == null ? "; no projection: console users have not gone down lately"
                    : "; projected for " + milestone.projectedDay() + " at the recent pace");
        }
        if (milestone.missingAccounts() != null && milestone.missingAccounts() > 0) {
            text.append("; rests on incomplete coverage (").append(milestone.missingAccounts())
                    .append(milestone.missingAccounts() == 1 ? " account" : " accounts").append(" missing)");
        }
        return text.toString();
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code OU ou-ab12-11111111}, {@code root r-ab12}, {@code account 111111111111}. */
    static String scope(Milestone milestone) {
        String scope = milestone.scope() == null ? "" : milestone.scope();
        return ("ou".equals(milestone.scopeType()) ? (scope.startsWith("r-") ? "root " : "OU ") : milestone.scopeType() + " ") + scope;
    }

    static String owner(String owner) {
        return owner == null || owner.isEmpty() ? "(no owner)" : owner;
    }

    private static String share(Double share) {
        return share == null ? "\u2014" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
