package dev.stocktake.notifier.digest;

import static dev.stocktake.notifier.digest.DigestHtml.BLUE;
import static dev.stocktake.notifier.digest.DigestHtml.GREEN;
import static dev.stocktake.notifier.digest.DigestHtml.RED;

import java.util.List;

import dev.stocktake.allowlist.MigrationWords;

/**
 * What the digest's HTML shows of the migration ({@link Migration}): the milestones section (the organization's next
 * and final milestone, who holds the next back, the scopes' next milestones) and the migration section (the day's
 * verdict counts, the owners' to-do). Plain text: the template escapes it. Pure.
 *
 * @param noMilestone {@code No milestone configured.} (or no organization-wide one), or {@code null} when there is one
 * @param next        the organization's next milestone, or {@code null}
 * @param last        the organization's final milestone when it is not the next, or {@code null}
 */
record MigrationView(String noMilestone, NextView next, String last, List<OwnerRow> owners, List<BlockerRow> accounts,
                     List<String> scoped, String verdictsTitle, List<VerdictRow> verdicts, List<TodoRow> todo) {

    /**
     * @param title    {@code under 100: at most 100 console-capable IAM users by 2027-03-31}
     * @param standing {@code Now 130, 30 above the maximum: behind; …}, coloured {@code colour} (green: met, blue: on
     *                 track, red: behind or missed)
     */
    record NextView(String title, String daysLeft, String standing, String colour) {
    }

    record OwnerRow(String owner, long consoleUsers, long accounts, String share) {
    }

    record BlockerRow(String accountName, String accountId, String owner, long consoleUsers, String share) {
    }

    record VerdictRow(String verdict, long users, long consoleUsers) {
    }

    record TodoRow(String owner, long users, long consoleUsers, long accounts, String verdicts) {
    }

    public boolean hasBlockers() {
        return !owners.isEmpty() || !accounts.isEmpty();
    }

    public boolean hasTodo() {
        return !todo.isEmpty();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static MigrationView of(Migration migration) {
        Migration.Milestone next = migration.next();
        Migration.Milestone last = migration.last();
        NextView nextView = next == null ? null : new NextView(DigestFormat.milestone(next), DigestFormat.daysLeft(next),
                capitalized(DigestFormat.standing(next)),
                "met".equals(next.status()) ? GREEN : "on_track".equals(next.status()) ? BLUE : RED);
        return new MigrationView(
                next != null ? null : migration.hasMilestones() ? "No organization-wide milestone configured." : "No milestone configured.",
                nextView,
                last == null || last.equals(next) ? null : DigestFormat.milestone(last) + " (" + DigestFormat.daysLeft(last) + ")",
                migration.organizationBlockerOwners().stream().map(o -> new OwnerRow(DigestFormat.owner(o.owner()), o.consoleUsers(),
                        o.accounts(), o.shareOfScope() == null ? "\u2014" : DigestFormat.percent(o.shareOfScope()))).toList(),
                migration.organizationBlockers().stream().map(b -> new BlockerRow(b.accountName(), b.accountId(),
                        DigestFormat.owner(b.owner()), b.consoleUsers(),
                        b.shareOfScope() == null ? "\u2014" : DigestFormat.percent(b.shareOfScope()))).toList(),
                migration.scopedNext().stream().map(m -> DigestFormat.scope(m.scopeType(), m.scope()) + ": " + DigestFormat.milestone(m)
                        + " (" + DigestFormat.daysLeft(m) + "); " + DigestFormat.standing(m)).toList(),
                "IAM users by verdict (" + DigestFormat.plural(migration.users(), "IAM user", "IAM users") + ")",
                migration.verdicts().stream().map(v -> new VerdictRow(MigrationWords.verdict(v.verdict()), v.users(), v.consoleUsers())).toList(),
                migration.owners().stream().map(o -> new TodoRow(DigestFormat.owner(o.owner()), o.users(), o.consoleUsers(),
                        o.accounts(), DigestFormat.verdicts(o.verdicts()))).toList());
    }
}
