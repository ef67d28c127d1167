package dev.stocktake.cli.doctor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Stocktake's alarms in ALARM ({@code cloudwatch:DescribeAlarms}, names starting {@code stocktake-}) in the central
 * account and region (coverage, notifier, compaction) and the management account's collector region (its collector,
 * the account directory); each with the description the CDK app gave it, which says what to do.
 */
final class AlarmsCheck {

    static final String CHECK = "alarms";

    private AlarmsCheck() {
    }

    private record Alarm(String name, String state, String reason, String description, Instant since) {
    }

    static CheckResult run(AwsAccess access) {
        Map<String, AwsAccess.Account> places = new LinkedHashMap<>();
        for (AwsAccess.Role role : List.of(AwsAccess.Role.CENTRAL, AwsAccess.Role.MANAGEMENT)) {
            AwsAccess.Account account = access.account(role);
            places.putIfAbsent(account.accountId() + "/" + account.region(), account);
        }
        List<CheckResult.Finding> findings = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        int total = 0;
        CheckUnavailable firstFailure = null;
        for (AwsAccess.Account account : places.values()) {
            CloudWatchClient cloudWatch = access.cloudWatch(account);
            List<Alarm> alarms;
            try {
                alarms = Calls.call(account, "cloudwatch:DescribeAlarms",
                        () -> cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(DeployedNames.ALARM_PREFIX)
                                        .alarmTypesWithStrings("MetricAlarm", "CompositeAlarm")).stream()
                                .flatMap(page -> alarms(page).stream()).toList());
            } catch (CheckUnavailable e) {
                unread.add(account.accountId() + "/" + account.region() + ": " + e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
                continue;
            }
            total += alarms.size();
            for (Alarm alarm : alarms) {
                // filtered here: DescribeAlarms cannot take a name prefix and a state together in every implementation
                if (StateValue.ALARM.toString().equals(alarm.state())) {
                    findings.add(new CheckResult.Finding(alarm.name() + " (" + account.accountId() + "/" + account.region() + ")",
                            "in ALARM since " + alarm.since() + ": " + alarm.reason(),
                            alarm.description() == null || alarm.description().isBlank()
                                    ? "aws cloudwatch describe-alarms --alarm-names " + alarm.name()
                                    : alarm.description()));
                }
            }
        }
        if (!unread.isEmpty() && findings.isEmpty()) {
            return CheckResult.unknown(CHECK, String.join("; ", unread), firstFailure.fix());
        }
        String summary = total + " Stocktake alarm" + (total == 1 ? "" : "s") + " in " + String.join(", ", places.keySet())
                + ", " + findings.size() + " in ALARM" + (unread.isEmpty() ? "" : "; not read: " + String.join("; ", unread));
        return CheckResult.of(CHECK, summary, findings);
    }

    private static List<Alarm> alarms(DescribeAlarmsResponse page) {
        List<Alarm> alarms = new ArrayList<>();
        for (MetricAlarm alarm : page.metricAlarms()) {
            alarms.add(new Alarm(alarm.alarmName(), alarm.stateValueAsString(), alarm.stateReason(), alarm.alarmDescription(),
                    alarm.stateUpdatedTimestamp()));
        }
        for (CompositeAlarm alarm : page.compositeAlarms()) {
            alarms.add(new Alarm(alarm.alarmName(), alarm.stateValueAsString(), alarm.stateReason(), alarm.alarmDescription(),
                    alarm.stateUpdatedTimestamp()));
        }
        return alarms;
    }
}
