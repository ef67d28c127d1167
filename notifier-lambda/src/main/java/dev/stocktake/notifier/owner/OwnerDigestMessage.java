package dev.stocktake.notifier.owner;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.notifier.digest.DigestFormat;
import dev.stocktake.notifier.digest.Migration;
import dev.stocktake.notifier.email.HtmlTemplate;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.owner.OwnerTodos.OwnerList;
import dev.stocktake.notifier.owner.OwnerTodos.UserLine;

/**
 * One owner's email: their IAM users to remove or migrate, grouped by verdict (in the digest's order), each with the
 * account, the last use and the action, and the organization's next milestone. HTML ({@code owner-digest.mustache},
 * email-safe like the digest; the engine escapes every value) with a plain-text alternative. Pure.
 */
public final class OwnerDigestMessage {

    private static final HtmlTemplate TEMPLATE = HtmlTemplate.load("dev/stocktake/notifier/owner/owner-digest.mustache");

    private OwnerDigestMessage() {
    }

    /** What the template shows; every choice is made here. */
    record View(String subject, String day, String owner, String summary, String milestone, List<Group> groups, String more) {
    }

    record Group(String title, List<Row> rows) {
    }

    record Row(String account, String userName, String lastUse, String action) {
    }

    /**
     * @param migration where the migration stands (the next milestone line)
     * @param maxUsers  the users listed at most; the rest are counted in one line
     */
    public static SesMail.Email render(LocalDate day, OwnerList owner, Migration migration, int maxUsers) {
        View view = view(day, owner, migration, maxUsers);
        return new SesMail.Email(view.subject(), text(view), TEMPLATE.render(view), List.of());
    }

    static View view(LocalDate day, OwnerList owner, Migration migration, int maxUsers) {
        Map<String, List<UserLine>> byVerdict = new LinkedHashMap<>();
        for (String verdict : Migration.VERDICTS) {
            byVerdict.put(verdict, new ArrayList<>());
        }
        for (UserLine user : owner.users()) {
            byVerdict.computeIfAbsent(user.verdict(), v -> new ArrayList<>()).add(user);
        }
        List<Group> groups = new ArrayList<>();
        int listed = 0;
        for (Map.Entry<String, List<UserLine>> entry : byVerdict.entrySet()) {
            List<UserLine> users = entry.getValue();
            if (users.isEmpty() || listed >= maxUsers) {
                continue;
            }
            List<Row> rows = users.stream().limit(maxUsers - listed).map(OwnerDigestMessage::row).toList();
            listed += rows.size();
            groups.add(new Group(MigrationWords.verdict(entry.getKey()) + " (" + plural(users.size(), "IAM user", "IAM users") + ")", rows));
        }
        int total = owner.users().size();
        long console = owner.users().stream().filter(UserLine::consoleAccess).count();
        long accounts = owner.users().stream().map(UserLine::accountId).distinct().count();
        String summary = "You are the owner of " + plural(total, "IAM user", "IAM users") + " to remove or to move to IAM "
                + "Identity Center (" + console + " with console access) in " + plural(accounts, "account", "accounts")
                + ", as Stocktake's inventory of " + day + " says.";
        return new View("Stocktake: your " + plural(total, "IAM user", "IAM users") + " to remove or migrate on " + day,
                day.toString(), owner.owner(), summary, milestone(migration), groups,
                total > listed ? "and " + (total - listed) + " more not listed here (the dashboard's To remove table, filtered "
                        + "by owner, lists them all)" : null);
    }

    /** {@code Next milestone: under 100: at most 100 console-capable IAM users by 2027-03-31 (118 days left); now ...}. */
    static String milestone(Migration migration) {
        Migration.Milestone next = migration.next();
        if (next == null) {
            return migration.hasMilestones() ? "No organization-wide milestone configured." : "No milestone configured.";
        }
        return "Next milestone: " + DigestFormat.milestone(next) + " (" + DigestFormat.daysLeft(next) + "); "
                + DigestFormat.standing(next) + ".";
    }

    private static Row row(UserLine user) {
        return new Row(user.accountName() + " (" + user.accountId() + ")", user.userName(), lastUse(user),
                user.action() == null ? "\u2014" : user.action());
    }

    /** {@code 2026-03-14 (1 day ago)}, {@code never (created 73 days ago)}. */
    static String lastUse(UserLine user) {
        String ago = user.idleDays() == null ? "" : " (" + (user.lastActivity() == null ? "created " : "")
                + plural(user.idleDays(), "day", "days") + " ago)";
        return (user.lastActivity() == null ? "never" : DigestFormat.day(user.lastActivity())) + ago;
    }

    private static String text(View view) {
        StringBuilder text = new StringBuilder(1024);
        text.append("Stocktake: IAM users of ").append(view.owner()).append(" to remove or migrate on ").append(view.day())
                .append("\r\n\r\n").append(view.summary()).append("\r\n").append(view.milestone()).append("\r\n");
        for (Group group : view.groups()) {
            text.append("\r\n").append(group.title()).append("\r\n");
            for (Row row : group.rows()) {
                text.append("  ").append(row.userName()).append(" in ").append(row.account()).append(": last use ")
                        .append(row.lastUse()).append("; ").append(row.action()).append("\r\n");
            }
        }
        if (view.more() != null) {
            text.append("\r\n").append(capitalized(view.more())).append(".\r\n");
        }
        text.append("\r\nYou receive this because the owner rule of Stocktake names you for these IAM users (the allowlist entry, "
                + "the user's owner tag, the account's owner tag or the OU's default owner).\r\n");
        return text.toString();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
