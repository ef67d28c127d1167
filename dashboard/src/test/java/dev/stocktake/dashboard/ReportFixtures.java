package dev.stocktake.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.JournalFixture;

/**
 * A small bucket-like folder of credential reports in the exact shape AWS writes them, under keys
 * {@code credential-reports/YYYY/MM/DD/<percent-encoded name>@<account id>.csv}: three accounts (two share a name),
 * fifteen days, console users leaving day by day; beside them the account directory's daily exports
 * ({@link #directory(int)}), with accounts that do not report. And the cases a stocktake must not count wrong:
 * golf-gone stops reporting after day 9 (carried on days 10 to 12, missing from day 13 on), hotel-late after day 12
 * (carried on the last two days), india-forged's last report holds another account's ARN (rejected, its day-13 report
 * carried), and a file on the last day whose key is not a report key (rejected).
 */
final class ReportFixtures {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);
    static final int DAYS = 15;
    static final LocalDate LAST_DAY = FIRST_DAY.plusDays(DAYS - 1);
    /** When the test pages say they were generated: the evening of the last day. */
    static final java.time.Instant GENERATED = LAST_DAY.atTime(21, 5).toInstant(java.time.ZoneOffset.UTC);
    /** The last day golf-gone reports: more than 3 days before the last day, so it is missing then, not carried. */
    static final int GOLF_LAST_REPORT = 9;
    /** The last day hotel-late reports: 2 days before the last day, so its report is carried then. */
    static final int HOTEL_LAST_REPORT = 12;
    /** The reason rejected_reports gives for india-forged's last report. */
    static final String FORGED_REASON = "ARN of account 111111111111 in the report of account 999999999999";
    static final String NOT_A_KEY_REASON =
            "not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv";

    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private ReportFixtures() {
    }

    /** Writes the reports under {@code folder} as {@code credential-reports/YYYY/MM/DD/<encoded name>@<account id>.csv}. */
    static Path write(Path folder) throws IOException {
        Path root = folder.resolve("credential-reports");
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            Path dir = Files.createDirectories(root.resolve(String.format("%04d/%02d/%02d", date.getYear(), date.getMonthValue(),
                    date.getDayOfMonth())));
            // alpha-prd: eight console users; one loses console access every second day
            StringBuilder alpha = report("111111111111");
            for (int u = 0; u < 8; u++) {
                boolean console = u >= day / 2;
                alpha.append(user("111111111111", "alpha.user" + u, console, u % 3 == 0, console ? date.minusDays(u) : null, false));
            }
            alpha.append(user("111111111111", "deploy-bot", false, false, null, true));
            Files.writeString(dir.resolve("alpha-prd@111111111111.csv"), alpha, StandardCharsets.UTF_8);
            // beta stg/1: three console users, one of them never signed in; a new user on day 10
            StringBuilder beta = report("222222222222");
            beta.append(user("222222222222", "beta.kenji", true, true, date, false));
            beta.append(user("222222222222", "beta.mei", true, false, date.minusDays(120), false));
            beta.append(user("222222222222", "beta.never", true, false, null, false));
            if (day >= 10) {
                beta.append(user("222222222222", "beta.newcomer", true, false, null, false));
            }
            Files.writeString(dir.resolve("beta%20stg%2F1@222222222222.csv"), beta, StandardCharsets.UTF_8);
            // the second alpha-prd: two console users until day 7, then none
            StringBuilder second = report("333333333333");
            if (day < 7) {
                second.append(user("333333333333", "ops.ana", true, true, date, false));
                second.append(user("333333333333", "ops.bo", true, false, date.minusDays(3), false));
            }
            Files.writeString(dir.resolve("alpha-prd@333333333333.csv"), second, StandardCharsets.UTF_8);
            // golf-gone: one console user (no MFA); its last report is of day 9
            if (day <= GOLF_LAST_REPORT) {
                Files.writeString(dir.resolve("golf-gone@777777777777.csv"),
                        report("777777777777").append(user("777777777777", "golf.admin", true, false, date, false)),
                        StandardCharsets.UTF_8);
            }
            // hotel-late: one console user with MFA; its last report is of day 12
            if (day <= HOTEL_LAST_REPORT) {
                Files.writeString(dir.resolve("hotel-late@888888888888.csv"),
                        report("888888888888").append(user("888888888888", "hotel.ops", true, true, date, false)),
                        StandardCharsets.UTF_8);
            }
            // india-forged: one console user; on the last day its file also lists a user with alpha-prd's ARN
            StringBuilder india = report("999999999999").append(user("999999999999", "india.dev", true, true, date, false));
            if (day == DAYS - 1) {
                india.append(user("111111111111", "alpha.user0", true, true, date, false));
            }
            Files.writeString(dir.resolve("india-forged@999999999999.csv"), india, StandardCharsets.UTF_8);
            // a file without the account ID in its key (the seed's layout): not a report key
            if (day == DAYS - 1) {
                Files.writeString(dir.resolve("stray.csv"), report("121212121212"), StandardCharsets.UTF_8);
            }
            Path exports = Files.createDirectories(folder.resolve("accounts").resolve(String.format("%04d/%02d/%02d",
                    date.getYear(), date.getMonthValue(), date.getDayOfMonth())));
            Files.writeString(exports.resolve("accounts.csv"), directory(day), StandardCharsets.UTF_8);
        }
        Files.createDirectories(folder.resolve("allowlist"));
        Files.writeString(folder.resolve("allowlist/allowlist.csv"), ALLOWLIST, StandardCharsets.UTF_8);
        Files.createDirectories(folder.resolve("milestones"));
        Files.writeString(folder.resolve("milestones/milestones.csv"), MILESTONES, StandardCharsets.UTF_8);
        journal(folder);
        return root;
    }

    static final String OPERATOR = "arn:aws:iam::123456789012:user/operator";

    /**
     * The remediation journal, each record one line of JSON exactly as remediation's Journal writes it: ops.ana
     * (333333333333) quarantined on 2026-03-02 and deleted on 2026-03-07 after that day's report (gone from 03-08 on,
     * like ops.bo, who was not deleted by Stocktake); on the last day, after its report, beta.mei quarantined (30 days to
     * go) and beta.never's deny-all step started and not done (partially quarantined).
     */
    private static void journal(Path folder) {
        new JournalFixture(folder, OPERATOR)
                .step("q-20260302-0a0a0a", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "333333333333", "ops.ana", "2026-03-02T10:00:00Z", true)
                .step("q-20260302-0a0a0a", "002-deny-all", Action.ATTACH_DENY_POLICY, "333333333333", "ops.ana", "2026-03-02T10:00:02Z", true)
                .step("d-20260307-0c0c0c", "001-snapshot", Action.SNAPSHOT_USER, "333333333333", "ops.ana", "2026-03-07T12:00:00Z", true)
                .step("d-20260307-0c0c0c", "002-delete-user", Action.DELETE_USER, "333333333333", "ops.ana", "2026-03-07T12:00:02Z", true)
                .step("q-20260315-0b0b0b", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "222222222222", "beta.mei", "2026-03-15T15:00:00Z", true)
                .step("q-20260315-0b0b0b", "002-deny-all", Action.ATTACH_DENY_POLICY, "222222222222", "beta.mei", "2026-03-15T15:00:02Z", true)
                .step("q-20260315-0b0b0b", "003-delete-password", Action.DELETE_LOGIN_PROFILE, "222222222222", "beta.never", "2026-03-15T15:01:00Z", true)
                .step("q-20260315-0b0b0b", "004-deny-all", Action.ATTACH_DENY_POLICY, "222222222222", "beta.never", "2026-03-15T15:01:02Z", false);
    }

    /**
     * The milestones ({@code milestones/milestones.csv}, as {@code MigrationSettings} writes them from the config): the
     * organization's "under 5" by 2026-04-30 and "zero" by 2026-12-31.
     */
    static final String MILESTONES = """
            day,max_console_users,scope,name
            2026-04-30,5,,under 5
            2026-12-31,0,,zero
            """;

    /**
     * The allowlist ({@code allowlist/allowlist.csv} beside the reports): on the last day deploy-bot's key and
     * alpha.user7's console password (any account) are allowed; beta.mei's entry expired five days before; beta.kenji
     * holds a console password its entry (access keys only) does not allow: a violation.
     */
    static final String ALLOWLIST = """
            account,user,credentials,owner,reason,ticket,expires
            111111111111,deploy-bot,access-keys,ops@example.com,Deploys from CI,OPS-1,2027-01-01
            *,alpha.user7,console,alpha-lead@example.com,Last admin until SSO,SEC-9,2027-06-30
            222222222222,beta.mei,console,beta-lead@example.com,Break-glass,SEC-2,2026-03-10
            222222222222,beta.kenji,access-keys,beta-lead@example.com,Reporting scripts,OPS-3,2027-01-01
            """;

    /**
     * The account directory's export of a day ({@code accounts/YYYY/MM/DD/accounts.csv}, as the account-directory
     * module writes it): the three reporting accounts; delta-dev (444444444444), active but never reporting: missing
     * on every day; echo-old (555555555555), suspended: never expected; and from day 12 on foxtrot-new
     * (666666666666), which joined on day 12: expected from day 13 on, and missing then; golf-gone (777777777777),
     * hotel-late (888888888888) and india-forged (999999999999), active.
     */
    static String directory(int day) {
        StringBuilder csv = new StringBuilder(
                "account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags\n");
        csv.append("111111111111,alpha-prd,alpha@example.com,ACTIVE,ACTIVE,CREATED,2024-01-10T00:00:00Z,ou-prod,Root/Workloads/Prod,"
                + "\"{\"\"owner\"\":\"\"alpha-team@example.com\"\"}\"\n");
        csv.append("222222222222,beta stg/1,beta@example.com,ACTIVE,ACTIVE,CREATED,2024-01-10T00:00:00Z,ou-stg,Root/Workloads/Staging,"
                + "{}\n");
        csv.append("333333333333,alpha-prd,alpha2@example.com,ACTIVE,ACTIVE,INVITED,2024-02-10T00:00:00Z,ou-prod,Root/Workloads/Prod,"
                + "{}\n");
        csv.append("444444444444,delta-dev,delta@example.com,ACTIVE,ACTIVE,CREATED,2025-01-10T00:00:00Z,ou-dev,Root/Sandbox,"
                + "\"{\"\"Owner\"\":\"\"delta@example.com\"\",\"\"cost-center\"\":\"\"42\"\"}\"\n");
        csv.append("555555555555,echo-old,echo@example.com,SUSPENDED,SUSPENDED,CREATED,2023-01-10T00:00:00Z,ou-dev,Root/Sandbox,"
                + "{}\n");
        csv.append("777777777777,golf-gone,golf@example.com,ACTIVE,ACTIVE,CREATED,2024-03-10T00:00:00Z,ou-dev,Root/Sandbox,{}\n");
        csv.append("888888888888,hotel-late,hotel@example.com,ACTIVE,ACTIVE,CREATED,2024-03-10T00:00:00Z,ou-dev,Root/Sandbox,{}\n");
        csv.append("999999999999,india-forged,india@example.com,ACTIVE,ACTIVE,CREATED,2024-03-10T00:00:00Z,ou-dev,Root/Sandbox,{}\n");
        if (day >= 12) {
            csv.append("666666666666,foxtrot-new,foxtrot@example.com,ACTIVE,ACTIVE,CREATED,").append(FIRST_DAY.plusDays(12))
                    .append("T08:00:00Z,ou-dev,Root/Sandbox,\"{\"\"owner\"\":\"\"fox@example.com\"\"}\"\n");
        }
        return csv.toString();
    }

    private static StringBuilder report(String accountId) {
        return new StringBuilder(HEADER).append('\n')
                .append("<root_account>,arn:aws:iam::").append(accountId).append(":root,2020-01-01T00:00:00+00:00,not_supported,"
                        + "2025-12-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                        + "false,N/A,false,N/A\n");
    }

    private static String user(String accountId, String name, boolean console, boolean mfa, LocalDate lastSignIn, boolean unusedKey) {
        String created = "2025-06-01T09:00:00+00:00";
        return name + ",arn:aws:iam::" + accountId + ":user/" + name + "," + created + ","
                + console + "," + (console ? (lastSignIn == null ? "no_information" : lastSignIn + "T09:30:00+00:00") : "N/A") + ","
                + (console ? created : "N/A") + ",N/A," + mfa + ","
                + (unusedKey ? "true," + created + ",N/A,N/A,N/A" : "false,N/A,N/A,N/A,N/A")
                + ",false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    }
}
