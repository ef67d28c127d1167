package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * Where the migration stands: the configured milestones (view {@code milestone_progress}), who holds the next ones back
 * ({@code milestone_blockers}), the day's verdict counts ({@code migration_status}) and the owners with the most to do
 * ({@code owner_todo}). Read by {@link DigestReader}; shown by the email (HTML and text) and Slack alike.
 *
 * @param milestones    every configured milestone, the organization's first; empty: none configured
 * @param blockers      per scope, the accounts (and owners in them) holding back its next milestone, by rank
 * @param blockerOwners per scope, the owners holding back its next milestone, most console users first
 * @param verdicts      the digest day's IAM users per verdict, every verdict of {@link #VERDICTS} in that order
 * @param owners        the owners with the most IAM users to remove or migrate on the digest's day, most first
 */
public record Migration(List<Milestone> milestones, List<Blocker> blockers, List<BlockerOwner> blockerOwners,
                        List<VerdictCount> verdicts, List<OwnerTodo> owners) {

    /** The verdicts of {@code migration_status}, in the order the digest lists them. */
    public static final List<String> VERDICTS = List.of("ready_to_remove", "needs_assignment", "no_identity", "machine_user",
            "still_in_use", "allowlisted", "identity_center_unknown");

    /** The {@code scope_type} of organization-wide milestones. */
    public static final String ORGANIZATION = "organization";

    public Migration {
        milestones = List.copyOf(milestones);
        blockers = List.copyOf(blockers);
        blockerOwners = List.copyOf(blockerOwners);
        verdicts = List.copyOf(verdicts);
        owners = List.copyOf(owners);
    }

    /** Whether any milestone is configured (organization-wide or scoped). */
    public boolean hasMilestones() {
        return !milestones.isEmpty();
    }

    /** The organization's next milestone ({@code is_next}), or {@code null} when no organization milestone is configured. */
    public Milestone next() {
        return milestones.stream().filter(m -> ORGANIZATION.equals(m.scopeType()) && m.next()).findFirst().orElse(null);
    }

    /** The organization's last milestone, or {@code null}; the same as {@link #next()} when that is the last. */
    public Milestone last() {
        return milestones.stream().filter(m -> ORGANIZATION.equals(m.scopeType())).max(Comparator.comparing(Milestone::day))
                .orElse(null);
    }

    /** The next milestone of each OU, root or account scope, in the view's order. */
    public List<Milestone> scopedNext() {
        return milestones.stream().filter(m -> !ORGANIZATION.equals(m.scopeType()) && m.next()).toList();
    }

    /** The accounts holding back the organization's next milestone, by rank. */
    public List<Blocker> organizationBlockers() {
        return blockers.stream().filter(b -> ORGANIZATION.equals(b.scopeType())).toList();
    }

    /** The owners holding back the organization's next milestone, most console users first. */
    public List<BlockerOwner> organizationBlockerOwners() {
        return blockerOwners.stream().filter(b -> ORGANIZATION.equals(b.scopeType())).toList();
    }

    /** IAM users with any verdict on the digest's day. */
    public long users() {
        return verdicts.stream().mapToLong(VerdictCount::users).sum();
    }

    /**
     * A milestone: at most {@code maxConsoleUsers} console-capable IAM users in its scope by {@code day}.
     *
     * @param scopeType           {@code organization}, {@code ou} or {@code account}
     * @param scope               the OU or root ID or the account ID; empty or {@code null} for the organization
     * @param name                its name from the config, or {@code null}
     * @param currentDay          the latest report day the figures are from
     * @param currentConsoleUsers console users in the scope on that day, or {@code null} when nothing counts
     * @param distance            console users above the maximum (0 when at or under it), or {@code null}
     * @param missingAccounts     accounts of the scope neither reporting nor carried: the figure is incomplete
     * @param status              {@code met}, {@code on_track}, {@code behind} or {@code missed}
     * @param projectedDay        when the maximum is reached at the recent pace, or {@code null}
     */
    public record Milestone(String scopeType, String scope, LocalDate day, long maxConsoleUsers, String name, boolean next,
                            LocalDate currentDay, Long currentConsoleUsers, Long distance, Long accountsInScope,
                            Long missingAccounts, String status, LocalDate projectedDay) {

        /** Days from the figures' day to the milestone's day (negative once it has passed). */
        public long daysLeft() {
            return ChronoUnit.DAYS.between(currentDay, day);
        }
    }

    /**
     * Console users of one owner in one account that hold back a scope's next milestone.
     *
     * @param owner        the owner, or {@code null} when none was found
     * @param shareOfScope the share of the scope's console users, 0 to 1, or {@code null}
     */
    public record Blocker(String scopeType, String scope, LocalDate day, long maxConsoleUsers, String accountId,
                          String accountName, String owner, long consoleUsers, Double shareOfScope, long rank) {
    }

    /** One owner's console users over the accounts holding back a scope's next milestone. */
    public record BlockerOwner(String scopeType, String scope, String owner, long consoleUsers, long accounts,
                               Double shareOfScope) {
    }

    /** How many IAM users of the day have {@code verdict}, and how many of them can sign in to the console. */
    public record VerdictCount(String verdict, long users, long consoleUsers) {
    }

    /**
     * One owner's to-do on the digest's day: IAM users to remove or migrate (every verdict but allowlisted).
     *
     * @param owner    the owner, {@code (no owner)} when none was found
     * @param verdicts the owner's users per verdict, most first
     */
    public record OwnerTodo(String owner, long users, long consoleUsers, long accounts, List<VerdictCount> verdicts) {

        public OwnerTodo {
            verdicts = List.copyOf(verdicts);
        }
    }
}
