package dev.stocktake.dashboard;

import static dev.stocktake.dashboard.DashboardPage.percent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.stocktake.dashboard.DashboardData.AccountFigure;
import dev.stocktake.dashboard.DashboardData.Goal;

/** A preview of the daily Slack post: the JSON payload an incoming webhook would receive (text and Block Kit). */
final class SlackMessage {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SlackMessage() {
    }

    static String render(DashboardData data) {
        Goal goal = data.goal();
        String headline = "*" + goal.currentConsoleUsers() + "* console-capable IAM users on " + goal.currentDay()
                + " (" + goal.baselineConsoleUsers() + " on " + goal.baselineDay() + "): *" + percent(goal.reductionSoFar())
                + "* fewer; goal " + percent(goal.targetReduction()) + " fewer, "
                + (goal.reached() ? "reached :tada:" : goal.projectedDay() == null ? "no projection yet" : "projected on " + goal.projectedDay());
        StringBuilder top = new StringBuilder("*Most console users today*\n");
        List<AccountFigure> accounts = data.topAccounts(5);
        for (AccountFigure account : accounts) {
            top.append("\u2022 ").append(account.accountName()).append(" (").append(account.accountId()).append("): ")
                    .append(account.consoleUsers());
            if (account.consoleUsers7DaysAgo() != null) {
                long change = account.consoleUsers() - account.consoleUsers7DaysAgo();
                top.append(" (").append(change > 0 ? "+" : "").append(change).append(" in 7 days)");
            }
            top.append('\n');
        }
        if (accounts.isEmpty()) {
            top.append("No account has console users today.\n");
        }
        List<Object> blocks = new ArrayList<>();
        blocks.add(section(headline));
        blocks.add(section(top.toString().strip()));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", headline.replace("*", ""));
        message.put("blocks", blocks);
        try {
            return JSON.writeValueAsString(message) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Slack message", e);
        }
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", markdown));
    }
}
