package dev.stocktake.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.dashboard.DashboardData.Goal;

/**
 * The dashboard: one static HTML file with its styles, script and data inline (no CDN, works offline). The
 * headline figures are rendered here, so they read without JavaScript; the charts and tables are drawn by the
 * page's script from the embedded data (element {@code #stocktake-data}).
 */
final class DashboardPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardPage() {
    }

    static String render(DashboardData data) {
        String template = resource("dashboard.html");
        int accounts = (int) DashboardData.number(data.dataset("daily_totals").rows().getLast()
                .get(data.dataset("daily_totals").column("accounts")));
        return template
                .replace("{{TITLE}}", "Stocktake \u2014 IAM users in " + accounts + " AWS account" + (accounts == 1 ? "" : "s"))
                .replace("{{SUBTITLE}}", escape("Report days " + data.firstDay() + " to " + data.latestDay()
                        + " (\u201ctoday\u201d is " + data.latestDay() + ")."))
                .replace("{{FOOTER}}", escape("Built by Stocktake from the raw IAM credential reports with the shipped "
                        + "Athena views (athena-sql/views), run on an embedded Trino. The data is in data/ beside this file."))
                .replace("{{CARDS}}", cards(data))
                .replace("{{DATA}}", json(data));
    }

    private static String cards(DashboardData data) {
        Goal goal = data.goal();
        Dataset totals = data.dataset("daily_totals");
        var today = totals.rows().getLast();
        long users = DashboardData.number(today.get(totals.column("users")));
        long withoutMfa = DashboardData.number(today.get(totals.column("console_users_without_mfa")));
        long withKey = DashboardData.number(today.get(totals.column("users_with_active_key")));
        long stale = data.dataset("stale_credentials").rows().size();
        double progress = Math.max(0, Math.min(1, goal.reductionSoFar() / goal.targetReduction()));
        StringBuilder html = new StringBuilder("  <div class=\"cards\" id=\"figures\">\n");
        DashboardData.AllowlistSplit split = data.allowlistSplit();
        card(html, "Console-capable IAM users today", "current_console_users", goal.currentConsoleUsers(),
                "was " + goal.baselineConsoleUsers() + " on " + goal.baselineDay(),
                "<div class=\"note split\"><b data-figure=\"console_users_to_remove\">" + split.consoleUsersToRemove()
                        + "</b> to remove &middot; <b data-figure=\"accepted_console_users\">" + split.acceptedConsoleUsers()
                        + "</b> accepted (allowlisted)</div>");
        card(html, "Reduction so far", "reduction_so_far", percent(goal.reductionSoFar()),
                "goal: " + percent(goal.targetReduction()) + " fewer (" + (goal.reached() ? "reached" : percent(progress) + " of the way") + ")",
                "<div class=\"bar\"><span style=\"width:" + String.format(Locale.ROOT, "%.1f", progress * 100) + "%\"></span></div>");
        card(html, "Target", "target_console_users", goal.targetConsoleUsers(),
                goal.reached() ? "met" : goal.projectedDay() == null ? "no projection: not falling over the last days"
                        : "projected on " + goal.projectedDay(), null);
        card(html, "IAM users today", "users", users, "all accounts, root users not counted", null);
        card(html, "Console users without MFA", "console_users_without_mfa", withoutMfa, "today", null);
        card(html, "Users with an active access key", "users_with_active_key", withKey, "today", null);
        card(html, "Stale or never-used credentials", "stale_credentials", stale, "today", null);
        card(html, "IAM users to remove", "users_to_remove", split.usersToRemove(),
                "hold a console password or an active key and are not allowlisted (" + split.violations() + " violations, "
                        + split.expired() + " expired entries)", null, split.usersToRemove() > 0 ? "alert" : null);
        card(html, "Accepted (allowlisted)", "accepted_users", split.acceptedUsers(),
                "their allowlist entry allows what they hold (" + split.acceptedConsoleUsers() + " with console access)", null);
        DashboardData.Coverage coverage = data.coverage();
        if (coverage == null) {
            card(html, "Accounts reporting today", "coverage_percent", "\u2014",
                    "coverage unknown: no account directory export (accounts/) in the data", null);
        } else {
            double share = coverage.percent() == null ? 0 : coverage.percent() / 100;
            card(html, "Accounts reporting today", "coverage_percent",
                    coverage.percent() == null ? "\u2014" : String.format(Locale.ROOT, "%.1f %%", coverage.percent()),
                    coverage.reportedAccounts() + " of " + coverage.expectedAccounts() + " expected accounts reported ("
                            + coverage.activeAccounts() + " active)",
                    "<div class=\"bar" + (coverage.missingAccounts() > 0 ? " short" : "") + "\"><span style=\"width:"
                            + String.format(Locale.ROOT, "%.1f", share * 100) + "%\"></span></div>");
            List<DashboardData.MissingAccount> missing = data.missingToday();
            card(html, "Accounts missing today", "missing_accounts", coverage.missingAccounts(),
                    missing.isEmpty() ? "every expected account reported"
                            : String.join(", ", missing.stream().limit(3).map(DashboardData.MissingAccount::accountName).toList())
                                    + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : ""),
                    null, coverage.missingAccounts() > 0 ? "alert" : null);
        }
        return html.append("  </div>").toString();
    }

    private static void card(StringBuilder html, String label, String figure, Object value, String note, String extra) {
        card(html, label, figure, value, note, extra, null);
    }

    private static void card(StringBuilder html, String label, String figure, Object value, String note, String extra,
                             String cls) {
        html.append("    <div class=\"card").append(cls == null ? "" : " " + cls).append("\"><div class=\"label\">").append(escape(label))
                .append("</div><div class=\"value\" data-figure=\"").append(figure).append("\">").append(escape(String.valueOf(value)))
                .append("</div><div class=\"note\">").append(escape(note)).append("</div>")
                .append(extra == null ? "" : extra).append("</div>\n");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** The data as JSON, safe inside a script element. */
    static String json(DashboardData data) {
        try {
            var document = new java.util.LinkedHashMap<String, Object>();
            document.put("firstDay", data.firstDay().toString());
            document.put("latestDay", data.latestDay().toString());
            document.put("datasets", data.datasets());
            return JSON.writeValueAsString(document).replace("</", "<\\/").replace("<!--", "<\\!--");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard data as JSON", e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
}
