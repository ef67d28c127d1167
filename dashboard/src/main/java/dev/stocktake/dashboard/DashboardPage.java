package dev.stocktake.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import dev.stocktake.dashboard.DashboardData.Goal;

/**
 * The dashboard: one static HTML file with its styles, script and data inline (no CDN, works offline). The
 * headline figures are rendered here, so they read without JavaScript; the charts and tables are drawn by the
 * page's script from the embedded data (element {@code #stocktake-data}).
 *
 * <p>The page is rendered in one pass by mustache, which HTML-escapes every value: a value is never read as
 * template or markup, whatever an account or user is named. The data goes in unescaped, as JSON that cannot end
 * its script element.
 */
final class DashboardPage {

    private static final ObjectWriter SCRIPT_SAFE_JSON = new ObjectMapper().writer().with(new ScriptSafeEscapes());
    private static final Mustache TEMPLATE = new DefaultMustacheFactory()
            .compile(new StringReader(resource("dashboard.html")), "dashboard.html");

    /**
     * What the template shows.
     *
     * @param totals the line under the tiles: today's totals and the accounts they rest on
     */
    record Page(String title, String subtitle, String generated, List<Card> cards, List<Part> totals,
                MigrationSection migration, String footer, String data) {
    }

    /**
     * One status tile; it links to the table its number is counted from.
     *
     * @param figure the figure's name in {@code data-figure}, read by tests and scripts
     * @param table  the id of the section with the rows the figure counts (the tile's link)
     * @param note   what the figure counts, in words with the related figures marked
     * @param bar    a progress bar under the figure, or {@code null}
     */
    record Card(String label, String figure, String value, String table, List<Part> note, boolean alert, Bar bar) {

        Card alertWhen(boolean alert) {
            return new Card(label, figure, value, table, note, alert, bar);
        }

        Card with(Bar bar) {
            return new Card(label, figure, value, table, note, alert, bar);
        }
    }

    /** A piece of a note: plain text, or a figure ({@code partFigure} names it in {@code data-figure}). */
    record Part(String text, String partFigure) {
    }

    /** Builds a note from text and figures. */
    static final class Note {
        private final List<Part> parts = new ArrayList<>();

        Note text(String text) {
            parts.add(new Part(text, null));
            return this;
        }

        Note figure(String figure, Object value) {
            parts.add(new Part(String.valueOf(value), figure));
            return this;
        }

        List<Part> parts() {
            return List.copyOf(parts);
        }
    }

    /** @param shortfall drawn as falling short (accounts missing, milestone behind) */
    record Bar(String width, boolean shortfall) {

        static Bar of(double fraction, boolean shortfall) {
            return new Bar(String.format(Locale.ROOT, "%.1f", fraction * 100), shortfall);
        }
    }

    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private DashboardPage() {
    }

    static String render(DashboardData data, Instant generatedAt) {
        MigrationData migration = data.migration();
        DashboardData.Coverage coverage = data.coverage();
        String generated = GENERATED.format(generatedAt.atZone(ZoneOffset.UTC));
        Page page = new Page(title(data, coverage),
                "Report days " + data.firstDay() + " to " + data.latestDay() + " (\u201ctoday\u201d is " + data.latestDay() + ").",
                generated, cards(data, migration, coverage), totals(data), MigrationSection.of(migration),
                "Built by Stocktake from the raw IAM credential reports with the shipped Athena views (athena-sql/views), "
                        + "run on an embedded Trino; generated " + generated + ". The data is in data/ beside this file.",
                json(data, generated));
        StringWriter html = new StringWriter();
        TEMPLATE.execute(html, page);
        return html.toString();
    }

    /**
     * The active accounts of the account directory (an account that did not report is still one of them); without a
     * directory export, the accounts in today's totals, said so.
     */
    static String title(DashboardData data, DashboardData.Coverage coverage) {
        if (coverage != null) {
            return "Stocktake \u2014 IAM users in " + coverage.activeAccounts() + " active AWS account"
                    + (coverage.activeAccounts() == 1 ? "" : "s");
        }
        Dataset totals = data.dataset("daily_totals");
        long accounts = DashboardData.number(totals.rows().getLast().get(totals.column("accounts")));
        return "Stocktake \u2014 IAM users in " + accounts + " AWS account" + (accounts == 1 ? "" : "s")
                + " (those that reported: no account directory export)";
    }

    /** The five status tiles, in this order: console users, to remove, coverage, findings, rejected files. */
    private static List<Card> cards(DashboardData data, MigrationData migration, DashboardData.Coverage coverage) {
        return List.of(consoleCard(data, migration), toRemoveCard(data), remediationCard(data), coverageCard(data, coverage),
                findingsCard(data), rejectedCard(data));
    }

    /**
     * Console-capable IAM users now (view {@code goal_progress}, carried accounts included) against the organization's
     * next milestone (view {@code milestone_progress}), with one status: the milestone's. Without milestones: "no
     * milestone configured", never a made-up target.
     */
    private static Card consoleCard(DashboardData data, MigrationData migration) {
        Goal goal = data.goal();
        MigrationData.Milestone next = migration.next();
        long carried = data.carriedConsoleUsersToday();
        Note note = new Note();
        if (carried > 0) {
            note.text(goal.currentConsoleUsers() - carried + " in today's reports, ")
                    .figure("carried_console_users", carried).text(" carried from an earlier report. ");
        }
        if (next == null) {
            note.text("Next milestone: ").figure("next_milestone_max", "\u2014").text(" ")
                    .text(migration.milestones().isEmpty() ? "no milestone configured" : "no organization-wide milestone configured")
                    .text(" (migration.milestones in the deployment config). ");
        } else {
            note.text("Next milestone" + (next.name() == null ? "" : " \u201c" + next.name() + "\u201d") + ": at most ")
                    .figure("next_milestone_max", next.maxConsoleUsers())
                    .text(" by " + next.day() + " (" + MigrationSection.daysLeft(next) + "); "
                            + MigrationSection.standing(next).replaceFirst("^now \\d+, ", "") + ". ");
        }
        note.text("Was " + goal.baselineConsoleUsers() + " on " + goal.baselineDay() + ": ")
                .figure("reduction_so_far", percent(goal.reductionSoFar())).text(" fewer.");
        Card card = new Card("Console users now", "current_console_users", String.valueOf(goal.currentConsoleUsers()),
                "console-users", note.parts(), next != null && ("behind".equals(next.status()) || "missed".equals(next.status())), null);
        if (next != null && goal.progressToTarget() != null) {
            card = card.with(Bar.of(Math.max(0, Math.min(1, goal.progressToTarget())), !"met".equals(next.status())));
        }
        return card;
    }

    /**
     * The IAM users to remove: not accepted by the allowlist and holding a console password or an active access key
     * (result {@code to_remove}, the rows of its table with {@code holds_credential}); the allowlist's accepted users
     * and the users without any credential are named beside it, so every count of the page adds up.
     */
    private static Card toRemoveCard(DashboardData data) {
        DashboardData.ToRemove remove = data.toRemove();
        DashboardData.AllowlistSplit split = data.allowlistSplit();
        Note note = new Note().text("IAM users holding a console password or an active access key and not allowlisted: ")
                .figure("console_users_to_remove", remove.consoleUsers()).text(" can sign in to the console, ")
                .figure("keys_only_to_remove", remove.keysOnly()).text(" hold access keys only. ")
                .figure("accepted_users", split.acceptedUsers()).text(" accepted by the allowlist. ")
                .figure("without_credential", remove.withoutCredential())
                .text(" more hold no credential (" + remove.notAllowlisted() + " not allowlisted in all).");
        return new Card("To remove", "users_to_remove", String.valueOf(remove.users()), "to-remove", note.parts(),
                remove.users() > 0, null);
    }

    /**
     * The users stocktake remediate quarantined or removed, as of the latest report day (result {@code remediation},
     * the rows of its table by state); an unfinished apply makes it an alert.
     */
    private static Card remediationCard(DashboardData data) {
        DashboardData.Remediation r = data.remediation();
        Note note = new Note().text("In the watch window or past it, before a deletion plan. ")
                .figure("removed_by_stocktake", r.removed()).text(" removed by Stocktake, ")
                .figure("partially_quarantined", r.partiallyQuarantined() + r.removalStarted())
                .text(" with an apply that did not finish, ")
                .figure("quarantines_undone", r.undone()).text(" quarantines undone.");
        return new Card("Quarantined by Stocktake", "quarantined", String.valueOf(r.quarantined()), "remediation", note.parts(),
                r.partiallyQuarantined() + r.removalStarted() > 0, null);
    }

    private static Card coverageCard(DashboardData data, DashboardData.Coverage coverage) {
        if (coverage == null) {
            return new Card("Accounts reporting today", "coverage_percent", "\u2014", "accounts-today",
                    new Note().text("Coverage unknown: no account directory export (accounts/) in the data, so which "
                            + "accounts should have reported is not known.").parts(), false, null);
        }
        List<DashboardData.MissingAccount> missing = data.missingToday();
        long carried = coverage.carriedAccounts();
        Note note = new Note().text(coverage.reportedAccounts() + " of " + coverage.expectedAccounts()
                + " expected accounts reported today (" + coverage.activeAccounts() + " active). ");
        if (missing.isEmpty()) {
            note.text("Every expected account reported: ").figure("missing_accounts", 0).text(" without a report.");
        } else {
            note.figure("missing_accounts", coverage.missingAccounts()).text(" without a report today: ")
                    .text(carried + " carried from an earlier report, " + (coverage.missingAccounts() - carried)
                            + " missing from every total (")
                    .text(String.join(", ", missing.stream().limit(3).map(DashboardPage::missingName).toList())
                            + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : "") + ").");
        }
        return new Card("Accounts reporting today", "coverage_percent",
                coverage.percent() == null ? "\u2014" : String.format(Locale.ROOT, "%.1f %%", coverage.percent()), "missing",
                note.parts(), coverage.missingAccounts() > 0, Bar.of(coverage.percent() == null ? 0 : coverage.percent() / 100,
                coverage.missingAccounts() > 0));
    }

    /** The allowlist's findings today: violations and expired entries (view {@code allowlist_findings}). */
    private static Card findingsCard(DashboardData data) {
        DashboardData.AllowlistSplit split = data.allowlistSplit();
        int findings = data.dataset("allowlist_findings").rows().size();
        Note note = new Note().figure("violations", split.violations()).text(" hold a credential their allowlist entry does not allow, ")
                .figure("expired", split.expired()).text(" are listed only by an expired entry. Also ")
                .figure("stale_credentials", data.dataset("stale_credentials").rows().size())
                .text(" stale or never-used credentials today (table below).");
        return new Card("Allowlist findings today", "findings", String.valueOf(findings), "findings", note.parts(), findings > 0, null);
    }

    /** Today's totals, carried accounts included, and the accounts they rest on. */
    private static List<Part> totals(DashboardData data) {
        Goal goal = data.goal();
        Dataset totals = data.dataset("daily_totals");
        List<Object> today = totals.rows().getLast();
        return new Note().text("Today: ").figure("users", DashboardData.number(today.get(totals.column("users"))))
                .text(" IAM users (root users not counted), ")
                .figure("console_users_without_mfa", DashboardData.number(today.get(totals.column("console_users_without_mfa"))))
                .text(" console users without MFA, ")
                .figure("users_with_active_key", DashboardData.number(today.get(totals.column("users_with_active_key"))))
                .text(" users with an active access key. These totals rest on ")
                .figure("accounts_counted", goal.reportedAccounts() + goal.carriedAccounts())
                .text(" accounts: " + goal.accountsLine() + ".").parts();
    }

    /** {@code delta-dev}, {@code hotel (carried)}, {@code india (rejected, carried)}. */
    private static String missingName(DashboardData.MissingAccount account) {
        List<String> marks = new ArrayList<>();
        if (account.rejected()) {
            marks.add("rejected");
        }
        if (account.carried()) {
            marks.add("carried");
        }
        return account.accountName() + (marks.isEmpty() ? "" : " (" + String.join(", ", marks) + ")");
    }

    /** The rejected report files of the latest day: how many, the first few, and where to see them all. */
    private static Card rejectedCard(DashboardData data) {
        List<DashboardData.RejectedReport> today = data.rejectedToday();
        if (today.isEmpty()) {
            long earlier = data.rejected().size();
            return new Card("Rejected report files today", "rejected_reports", "0", "rejected", new Note().text("No report was rejected"
                    + (earlier == 0 ? "." : " (" + earlier + " on earlier days: see the table).")).parts(), false, null);
        }
        String list = String.join("; ", today.stream().limit(3)
                .map(r -> (r.accountName() == null ? r.fileName() : r.accountName() + " (" + r.accountId() + ")") + ": " + r.reason())
                .toList());
        return new Card("Rejected report files today", "rejected_reports", String.valueOf(today.size()), "rejected",
                new Note().text(list + (today.size() > 3 ? " and " + (today.size() - 3) + " more" : "")
                        + ". Kept out of every number: select * from rejected_reports").parts(), true, null);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** The data as JSON, safe inside a script element. */
    static String json(DashboardData data, String generated) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("generated", generated);
        document.put("firstDay", data.firstDay().toString());
        document.put("latestDay", data.latestDay().toString());
        document.put("datasets", data.datasets());
        try {
            return SCRIPT_SAFE_JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard data as JSON", e);
        }
    }

    static String resource(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + DashboardPage.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JSON that cannot end or confuse the script element it sits in: {@code <}, {@code >} and {@code &} (so no
     * {@code </script>} and no {@code <!--}) and the line separators U+2028 and U+2029 (line ends to older
     * JavaScript) are written as {@code \}{@code u} escapes, which every JSON reader turns back into the characters.
     */
    static final class ScriptSafeEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        ScriptSafeEscapes() {
            for (char c : new char[] {'<', '>', '&'}) {
                ascii[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' || ch == '\u2029' ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
