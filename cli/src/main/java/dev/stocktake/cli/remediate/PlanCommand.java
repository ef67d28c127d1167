package dev.stocktake.cli.remediate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.stocktake.cli.DataFolder;
import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanException;
import dev.stocktake.remediation.PlanFile;
import dev.stocktake.remediation.Planner;
import dev.stocktake.remediation.Remediation;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.SqlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code stocktake remediate plan}: a quarantine plan from the verdicts, or a deletion plan after the watch window. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        header = "Writes a plan to quarantine, or later delete, the IAM users whose verdict says they can go.",
        description = {
                "Proposes, per IAM user whose migration verdict is removable (ready_to_remove by default; no_identity on",
                "request), a quarantine: deactivate each active access key (one step per key), delete the console",
                "password (recording the login profile's settings), attach the inline deny-all policy "
                        + Remediation.DENY_POLICY_NAME + ".",
                "The verdicts and owners come from migration_status on the latest report day of --data (the shipped views",
                "on the embedded Trino); the key IDs and the login profile from IAM, read through the remediation role",
                "(read-only calls). Allowlisted users, the root user and other verdicts are never in a plan.",
                "With --delete: the users of --quarantine-plan whose quarantine is complete in the journal, at least",
                "--watch-days old, with no use since in the reports nor in IAM; each is snapshotted, then deleted in the",
                "order IAM requires."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake remediate plan --data stocktake-demo --out plan.json",
                "      Quarantine every ready_to_remove user of the latest day.",
                "  ./stocktake remediate plan --data s3://BUCKET/ --account 111122223333 \\",
                "      --verdict ready_to_remove,no_identity --out plan.json",
                "  ./stocktake remediate plan --delete --quarantine-plan q.json \\",
                "      --bucket s3://BUCKET --data s3://BUCKET/ --out d.json",
                "      Delete the quarantined users whose watch window has passed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the plan was written (maybe with no user: the message says why)", "1:the data or AWS could not be read",
                "2:bad flags or a bad plan file"})
public final class PlanCommand implements Callable<Integer> {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Mixin
    Operator operator;

    @Option(names = "--data", paramLabel = "DIR|s3://BUCKET/PREFIX", required = true,
            description = "Folder laid out like the bucket, or an S3 location (as for `stocktake todo`).")
    String data;

    @Option(names = "--owner", paramLabel = "NAME", description = "Only this owner's users (as migration_status names it).")
    String owner;

    @Option(names = "--account", paramLabel = "ID", description = "Only this account's users.")
    String account;

    @Option(names = "--verdict", paramLabel = "VERDICT", split = ",", defaultValue = "ready_to_remove",
            description = "Verdicts to plan for: ready_to_remove (default), no_identity; comma-separated.")
    List<String> verdicts;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The report day of the verdicts (default: the latest).")
    LocalDate day;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the plan (JSON).")
    Path out;

    @Option(names = "--delete", description = "Plan the deletion of the users of --quarantine-plan (after the watch window).")
    boolean delete;

    @Option(names = "--quarantine-plan", paramLabel = "FILE", description = "With --delete: the quarantine plan that was applied.")
    Path quarantinePlan;

    @Option(names = "--bucket", paramLabel = "s3://BUCKET[/PREFIX]", description = "With --delete: the bucket holding the journal.")
    String bucket;

    @Option(names = "--watch-days", paramLabel = "DAYS", defaultValue = "30",
            description = "With --delete: days since the quarantine before a user may be deleted (default ${DEFAULT-VALUE}).")
    int watchDays;

    public PlanCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Operator.quietLoggingOfLibraries();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter terminal = spec.commandLine().getOut();
        String problem = usageProblem();
        if (problem != null) {
            err.println("stocktake remediate plan: " + problem);
            return Operator.USAGE;
        }
        try (DataFolder folder = DataFolder.open(data, env); LocalAthena athena = LocalAthena.start(folder.folder())) {
            LocalDate reportDay = day == null ? athena.folder().lastDay() : day;
            Plan plan;
            String session = "stocktake-remediate-plan";
            try (AccountClients accounts = operator.accounts(env, session)) {
                Planner planner = new Planner(accounts, Clock.systemUTC(), terminal);
                if (delete) {
                    Plan quarantine = PlanFile.read(quarantinePlan);
                    Operator.BucketLocation location = Operator.BucketLocation.parse("--bucket", bucket);
                    try (S3Client s3 = operator.s3(env)) {
                        plan = planner.delete(quarantine, Operator.journal(s3, location, null, null), watchDays,
                                (accountId, user, from) -> lastUse(athena, accountId, user, from), data, reportDay);
                    }
                } else {
                    plan = planner.quarantine(candidates(athena, reportDay, verdicts, owner, account), data, reportDay);
                }
            }
            PlanFile.write(plan, out);
            describe(terminal, plan, out.toString());
            terminal.println("Review it (a pull request), then: stocktake remediate apply " + out + " --bucket s3://<central bucket>"
                    + " (a dry run; add --execute to act)");
            terminal.flush();
            return Operator.OK;
        } catch (PlanException e) {
            err.println("stocktake remediate plan: " + e.getMessage());
            return Operator.USAGE;
        } catch (ReportFolderException | SqlException e) {
            err.println("stocktake remediate plan: " + e.getMessage());
            return Operator.FAILED;
        } catch (SdkException e) {
            err.println("stocktake remediate plan: AWS refused or failed: " + e.getMessage() + ". The plan reads each user's "
                    + "access keys and login profile through the role " + operator.roleName + " in its account: check that "
                    + "your credentials may assume it (--profile, --role-name).");
            return Operator.FAILED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("stocktake remediate plan: " + e.getMessage());
            return Operator.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What this command says of a plan it wrote to {@code file}. Also used by {@code stocktake demo}. */
    public static void describe(PrintWriter out, Plan plan, String file) {
        int steps = plan.users().stream().mapToInt(u -> u.steps().size()).sum();
        out.printf("Plan %s (%s): %d user%s, %d step%s, verdicts of %s -> %s%n", plan.planId(), plan.kind().name().toLowerCase(),
                plan.users().size(), plan.users().size() == 1 ? "" : "s", steps, steps == 1 ? "" : "s", plan.dataDay(), file);
        for (Plan.User user : plan.users()) {
            out.printf("  %s in %s (%s): %s, owner %s, %d step%s%n", user.userName(), user.accountId(), user.accountName(),
                    user.verdict(), user.owner() == null ? "(none)" : user.owner(), user.steps().size(), user.steps().size() == 1 ? "" : "s");
        }
        plan.notes().forEach(note -> out.println("Note: " + note));
    }

    private String usageProblem() {
        for (String verdict : verdicts) {
            if (!Remediation.REMOVABLE_VERDICTS.contains(verdict)) {
                return "--verdict " + verdict + " cannot be remediated: only " + Remediation.REMOVABLE_VERDICTS.stream().sorted().toList()
                        + " (allowlisted users, machine users and users still in use never are)";
            }
        }
        if (account != null && !ACCOUNT_ID.matcher(account).matches()) {
            return "--account must be a 12-digit account ID, got: " + account;
        }
        if (delete && (quarantinePlan == null || bucket == null)) {
            return "--delete needs --quarantine-plan FILE (the applied quarantine plan) and --bucket s3://BUCKET (its journal)";
        }
        if (watchDays < 1) {
            return "--watch-days must be at least 1, got " + watchDays;
        }
        if (Files.isDirectory(out)) {
            return "--out " + out + " is a folder; give a file name, e.g. plan.json";
        }
        return null;
    }

    /**
     * The users of {@code migration_status} on {@code reportDay} with one of {@code verdicts}, of {@code owner} and
     * {@code account} when given (null: any), with the evidence a plan shows. Also used by {@code stocktake demo}.
     */
    public static List<Planner.Candidate> candidates(LocalAthena athena, LocalDate reportDay, List<String> verdicts, String owner,
                                                     String account) {
        StringBuilder sql = new StringBuilder("""
                select account_id, account_name, user_name, arn, verdict, owner, owner_source, allowlist_status, action,
                  cast(idle_days as varchar) as idle_days, cast(last_activity as varchar) as last_activity,
                  cast(has_console_access as varchar) as has_console_access, cast(active_access_keys as varchar) as active_access_keys,
                  identity_center_user_name, match_method, cast(has_assignment as varchar) as has_assignment,
                  assigned_permission_sets, cast(identity_center_dt as varchar) as identity_center_dt,
                  cast(sso_last_used as varchar) as sso_last_used
                from migration_status
                where dt = date '""").append(reportDay).append("'");
        sql.append(" and verdict in (").append(String.join(", ", verdicts.stream().map(PlanCommand::literal).toList())).append(")");
        if (owner != null) {
            sql.append(" and owner = ").append(literal(owner));
        }
        if (account != null) {
            sql.append(" and account_id = ").append(literal(account));
        }
        sql.append(" order by account_id, user_name");
        QueryResult result = athena.execute("stocktake remediate plan", sql.toString());
        List<String> evidenceColumns = List.of("idle_days", "last_activity", "has_console_access", "active_access_keys",
                "identity_center_user_name", "match_method", "has_assignment", "assigned_permission_sets", "identity_center_dt",
                "sso_last_used");
        List<Planner.Candidate> candidates = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("report_day", reportDay.toString());
            for (String column : evidenceColumns) {
                Object value = row.get(result.columns().indexOf(column));
                if (value != null) {
                    evidence.put(column, value.toString());
                }
            }
            candidates.add(new Planner.Candidate(text(result, row, "account_id"), text(result, row, "account_name"),
                    text(result, row, "user_name"), text(result, row, "arn"), text(result, row, "verdict"), text(result, row, "owner"),
                    text(result, row, "owner_source"), text(result, row, "allowlist_status"), text(result, row, "action"), evidence));
        }
        return candidates;
    }

    /** The latest use of the user's password or keys in the reports from {@code from} on (UTC), or null. */
    public static Instant lastUse(LocalAthena athena, String accountId, String user, LocalDate from) {
        String where = " from iam_users where account_id = " + literal(accountId) + " and user_name = " + literal(user)
                + " and dt >= date '" + from + "'";
        QueryResult result = athena.execute("stocktake remediate plan --delete", "select cast(max(t) as varchar) from ("
                + "select password_last_used as t" + where + " union all select access_key_1_last_used" + where
                + " union all select access_key_2_last_used" + where + ")");
        Object value = result.rows().isEmpty() ? null : result.rows().getFirst().getFirst();
        return value == null ? null : LocalDateTime.parse(value.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private static String text(QueryResult result, List<Object> row, String column) {
        Object value = row.get(result.columns().indexOf(column));
        return value == null ? null : value.toString();
    }

    /** An SQL string literal: user and owner names come from tags and reports anyone could set. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
