package dev.stocktake.dashboard;

import static dev.stocktake.dashboard.DashboardPage.escape;
import static dev.stocktake.dashboard.DashboardPage.percent;

import java.util.List;

import dev.stocktake.dashboard.DashboardData.AccountFigure;
import dev.stocktake.dashboard.DashboardData.Goal;

/**
 * A preview of the daily email digest: email-safe HTML (tables and inline styles only, no script, no external
 * image), built from the same data as the dashboard.
 */
final class EmailDigest {

    private EmailDigest() {
    }

    static String render(DashboardData data) {
        Goal goal = data.goal();
        List<AccountFigure> top = data.topAccounts(10);
        Dataset changes = data.dataset("user_changes");
        List<List<Object>> latestChanges = changes.rows().stream()
                .filter(row -> data.latestDay().toString().equals(row.get(changes.column("dt"))))
                .toList();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Stocktake daily digest ")
                .append(data.latestDay()).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:16px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;color:#1d2433\">\n")
                .append("<!-- Preview: what the daily email digest would look like. Nothing was sent. -->\n")
                .append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border:1px solid #dde2ea\">\n")
                .append("<tr><td style=\"padding:18px 20px\"><h1 style=\"margin:0;font-size:20px\">IAM users: daily digest, ")
                .append(data.latestDay()).append("</h1></td></tr>\n")
                .append("<tr><td style=\"padding:0 20px 12px;font-size:15px\"><b>").append(goal.currentConsoleUsers())
                .append("</b> console-capable IAM users today, ").append(goal.baselineConsoleUsers()).append(" on ")
                .append(goal.baselineDay()).append(": <b>").append(percent(goal.reductionSoFar())).append("</b> fewer. Goal: ")
                .append(percent(goal.targetReduction())).append(" fewer (at most ").append(goal.targetConsoleUsers()).append("), ")
                .append(goal.reached() ? "reached." : goal.projectedDay() == null ? "no projection yet." : "projected on " + goal.projectedDay() + ".")
                .append("</td></tr>\n");
        html.append("<tr><td style=\"padding:6px 20px\"><h2 style=\"font-size:15px;margin:8px 0\">Accounts with the most console users</h2>\n")
                .append("<table width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse;font-size:13px\">")
                .append("<tr style=\"background:#fafbfc\"><th align=\"left\">Account</th><th align=\"left\">ID</th><th align=\"right\">Today</th><th align=\"right\">7 days ago</th></tr>\n");
        for (AccountFigure account : top) {
            html.append("<tr><td style=\"border-top:1px solid #dde2ea\">").append(escape(account.accountName()))
                    .append("</td><td style=\"border-top:1px solid #dde2ea\">").append(account.accountId())
                    .append("</td><td align=\"right\" style=\"border-top:1px solid #dde2ea\">").append(account.consoleUsers())
                    .append("</td><td align=\"right\" style=\"border-top:1px solid #dde2ea\">")
                    .append(account.consoleUsers7DaysAgo() == null ? "&mdash;" : account.consoleUsers7DaysAgo()).append("</td></tr>\n");
        }
        if (top.isEmpty()) {
            html.append("<tr><td colspan=\"4\">No account has console users today.</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
        html.append("<tr><td style=\"padding:6px 20px 18px\"><h2 style=\"font-size:15px;margin:8px 0\">Changes since the previous report</h2>\n");
        if (latestChanges.isEmpty()) {
            html.append("<p style=\"font-size:13px\">No changes.</p>");
        } else {
            html.append("<ul style=\"font-size:13px;padding-left:18px\">");
            for (List<Object> row : latestChanges) {
                html.append("<li>").append(escape(describeChange(changes, row))).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</td></tr>\n</table>\n</body></html>\n");
        return html.toString();
    }

    static String describeChange(Dataset changes, List<Object> row) {
        StringBuilder text = new StringBuilder().append(row.get(changes.column("account_name")))
                .append(" (").append(row.get(changes.column("account_id"))).append("):");
        String[][] parts = {
                {"users_added", "user added", "users added"},
                {"users_removed", "user removed", "users removed"},
                {"console_access_granted", "console access granted", "console accesses granted"},
                {"console_access_removed", "console access removed", "console accesses removed"},
                {"access_keys_added", "access key added", "access keys added"},
                {"mfa_removed", "MFA removed", "MFA devices removed"}};
        String separator = " ";
        for (String[] part : parts) {
            long count = DashboardData.number(row.get(changes.column(part[0])));
            if (count > 0) {
                text.append(separator).append(count).append(' ').append(count == 1 ? part[1] : part[2]);
                separator = ", ";
            }
        }
        return text.toString();
    }
}
