package dev.stocktake.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /** What the template shows. */
    record Page(String title, String subtitle, List<Card> cards, MigrationSection migration, String footer, String data) {
    }

    /**
     * One headline figure.
     *
     * @param figure the figure's name in {@code data-figure}, read by tests and scripts
     * @param split  the console users split into to remove and accepted, or {@code null}
     * @param bar    a progress bar under the figure, or {@code null}
     */
    record Card(String label, String figure, String value, String note, boolean alert, Split split, Bar bar) {

        static Card of(String label, String figure, Object value, String note) {
            return new Card(label, figure, String.valueOf(value), note, false, null, null);
        }

        Card alertWhen(boolean alert) {
            return new Card(label, figure, value, note, alert, split, bar);
        }

        Card with(Split split) {
            return new Card(label, figure, value, note, alert, split, bar);
        }

        Card with(Bar bar) {
            return new Card(label, figure, value, note, alert, split, bar);
        }
    }

    record Split(long toRemove, long accepted) {
    }

    /** @param shortfall drawn as falling short (accounts missing) */
    record Bar(String width, boolean shortfall) {

        static Bar of(double fraction, boolean shortfall) {
            return new Bar(String.format(Locale.ROOT, "%.1f", fraction * 100), shortfall);
        }
    }

    private DashboardPage() {
    }

    static String render(DashboardData data) {
        Dataset totals = data.dataset("daily_totals");
        int accounts = (int) DashboardData.number(totals.rows().getLast().get(totals.column("accounts")));
        MigrationData migration = data.migration();
        Page page = new Page("Stocktake \u2014 IAM users in " + accounts + " AWS account" + (accounts == 1 ? "" : "s"),
                "Report days " + data.firstDay() + " to " + data.latestDay() + " (\u201ctoday\u201d is " + data.latestDay() + ").",
                cards(data, migration), MigrationSection.of(migration),
                "Built by Stocktake from the raw IAM credential reports with the shipped Athena views (athena-sql/views), "
                        + "run on an embedded Trino. The data is in data/ beside this file.",
                json(data));
        StringWriter html = new StringWriter();
        TEMPLATE.execute(html, page);
        return html.toString();
    }

    private static List<Card> cards(DashboardData data, MigrationData migration) {
        List<Card> cards = new ArrayList<>(goalCards(data, migration));
        cards.addAll(todayCards(data));
        cards.addAll(allowlistCards(data.allowlistSplit()));
        cards.addAll(coverageCards(data));
        cards.add(rejectedCard(data));
        return cards;
    }

    /**
     * Today's console users, the organization's next and final milestone (view {@code milestone_progress}), the
     * reduction since the first day and the accounts the figure rests on. Without milestones: "no milestone
     * configured", never a made-up target.
     */
    private static List<Card> goalCards(DashboardData data, MigrationData migration) {
        Goal goal = data.goal();
        DashboardData.AllowlistSplit split = data.allowlistSplit();
        MigrationData.Milestone next = migration.next();
        MigrationData.Milestone last = migration.last();
        String incomplete = goal.missingAccounts() == 0 ? ""
                : "; rests on incomplete coverage (" + accounts(goal.missingAccounts()) + " missing)";
        String none = migration.milestones().isEmpty() ? "no milestone configured" : "no organization-wide milestone configured";
        Card nextCard = next == null ? Card.of("Next milestone", "next_milestone_max", "\u2014", none + " (migration.milestones in the deployment config)")
                : Card.of("Next milestone", "next_milestone_max", next.maxConsoleUsers(), MigrationSection.milestone(next) + " ("
                        + MigrationSection.daysLeft(next) + "). " + MigrationSection.capitalized(MigrationSection.standing(next)))
                        .alertWhen("behind".equals(next.status()) || "missed".equals(next.status()));
        if (next != null && goal.progressToTarget() != null) {
            nextCard = nextCard.with(Bar.of(Math.max(0, Math.min(1, goal.progressToTarget())), goal.missingAccounts() > 0));
        }
        return List.of(
                Card.of("Console-capable IAM users today", "current_console_users", goal.currentConsoleUsers(),
                        "was " + goal.baselineConsoleUsers() + " on " + goal.baselineDay())
                        .with(new Split(split.consoleUsersToRemove(), split.acceptedConsoleUsers())),
                nextCard,
                last == null ? Card.of("Final milestone", "final_milestone_max", "\u2014", none)
                        : Card.of("Final milestone", "final_milestone_max", last.maxConsoleUsers(), MigrationSection.milestone(last)
                                + " (" + MigrationSection.daysLeft(last) + ")"),
                Card.of("Reduction so far", "reduction_so_far", percent(goal.reductionSoFar()),
                        "fewer than the " + goal.baselineConsoleUsers() + " on " + goal.baselineDay() + incomplete),
                Card.of("Accounts in today's totals", "accounts_counted", goal.reportedAccounts() + goal.carriedAccounts(),
                        goal.accountsLine()).alertWhen(goal.missingAccounts() > 0));
    }

    private static String accounts(long count) {
        return count + (count == 1 ? " account" : " accounts");
    }

    private static List<Card> todayCards(DashboardData data) {
        Dataset totals = data.dataset("daily_totals");
        List<Object> today = totals.rows().getLast();
        long carried = DashboardData.number(today.get(totals.column("carried_accounts")));
        String scope = carried == 0 ? "today" : "today, " + accounts(carried) + " carried from an earlier report";
        return List.of(
                Card.of("IAM users today", "users", DashboardData.number(today.get(totals.column("users"))),
                        "all accounts, root users not counted" + (carried == 0 ? "" : "; " + accounts(carried) + " carried from an earlier report")),
                Card.of("Console users without MFA", "console_users_without_mfa",
                        DashboardData.number(today.get(totals.column("console_users_without_mfa"))), scope),
                Card.of("Users with an active access key", "users_with_active_key",
                        DashboardData.number(today.get(totals.column("users_with_active_key"))), scope),
                Card.of("Stale or never-used credentials", "stale_credentials",
                        data.dataset("stale_credentials").rows().size(), "today's reports"));
    }

    private static List<Card> allowlistCards(DashboardData.AllowlistSplit split) {
        return List.of(
                Card.of("IAM users to remove", "users_to_remove", split.usersToRemove(),
                        "hold a console password or an active key and are not allowlisted (" + split.violations()
                                + " violations, " + split.expired() + " expired entries)")
                        .alertWhen(split.usersToRemove() > 0),
                Card.of("Accepted (allowlisted)", "accepted_users", split.acceptedUsers(),
                        "their allowlist entry allows what they hold (" + split.acceptedConsoleUsers() + " with console access)"));
    }

    private static List<Card> coverageCards(DashboardData data) {
        DashboardData.Coverage coverage = data.coverage();
        if (coverage == null) {
            return List.of(Card.of("Accounts reporting today", "coverage_percent", "\u2014",
                    "coverage unknown: no account directory export (accounts/) in the data"));
        }
        double share = coverage.percent() == null ? 0 : coverage.percent() / 100;
        List<DashboardData.MissingAccount> missing = data.missingToday();
        return List.of(
                Card.of("Accounts reporting today", "coverage_percent",
                        coverage.percent() == null ? "\u2014" : String.format(Locale.ROOT, "%.1f %%", coverage.percent()),
                        coverage.reportedAccounts() + " of " + coverage.expectedAccounts() + " expected accounts reported ("
                                + coverage.activeAccounts() + " active)")
                        .with(Bar.of(share, coverage.missingAccounts() > 0)),
                Card.of("Accounts missing today", "missing_accounts", coverage.missingAccounts(),
                        missing.isEmpty() ? "every expected account reported"
                                : String.join(", ", missing.stream().limit(3).map(DashboardPage::missingName).toList())
                                        + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : ""))
                        .alertWhen(coverage.missingAccounts() > 0));
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
            return Card.of("Rejected report files today", "rejected_reports", 0, "no report was rejected"
                    + (earlier == 0 ? "" : " (" + earlier + " on earlier days: see the table below)"));
        }
        String list = String.join("; ", today.stream().limit(3)
                .map(r -> (r.accountName() == null ? r.fileName() : r.accountName() + " (" + r.accountId() + ")") + ": " + r.reason())
                .toList());
        return Card.of("Rejected report files today", "rejected_reports", today.size(),
                list + (today.size() > 3 ? " and " + (today.size() - 3) + " more" : "")
                        + ". Kept out of every number: select * from rejected_reports")
                .alertWhen(true);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** The data as JSON, safe inside a script element. */
    static String json(DashboardData data) {
        Map<String, Object> document = new LinkedHashMap<>();
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
