package dev.stocktake.sql.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration data set of {@link MigrationViewsTest}: a data folder laid out like the bucket with reports, account
 * directory, allowlist, Identity Center exports, the collector's details, the identity mapping, the settings and the
 * milestones, 10 report days from 2026-06-01 ({@code D1}) to 2026-06-10 ({@code D10}).
 *
 * <p>Accounts: alpha {@value #A1} (r-root/ou-root-work0001/ou-root-prod0001, account tag {@code Owner}: alpha-old on the
 * D1 export, alpha-team from the D6 export), beta {@value #A2} (r-root/ou-root-work0001/ou-root-dev00001, no tags),
 * gamma {@value #A3} (r-root/ou-root-sand0001; reports D1..D8 only, carried on D9 and D10), delta {@value #A4} (not in
 * the directory) and epsilon {@value #A5} (r-root/ou-root-sand0001, ACTIVE, never reports: missing).
 *
 * <p>Identity Center exports on D2, D3, D5 and D8 (none on D1: identity_center_unknown; D4 uses D3's). Persons: alice
 * (u-100, direct AdministratorAccess on alpha), Bob (u-200, ReadOnly on alpha through the group devs), carol.c (u-300,
 * email Carol@Example.com; ReadOnly on alpha from the D8 export on), dup-2 (u-410, dup@example.com) and dup-1 (u-400,
 * DUP@example.com; Billing and ReadOnly on alpha), dan (u-500, PowerUser on alpha), erin (u-600, PowerUser on beta).
 *
 * <p>IAM users of alpha (every day): alice (console, last used 2026-05-11: idle 30 on D10), bob (console, last used
 * 05-12: idle 29 on D10; tag OWNER=bob-team), carol (tag e-mail=carol@example.com), dupe (tag E-Mail=dup@example.com),
 * svc-dan (mapped by account ID to dan; used the day before), ghost (mapped by * to nobody-here, who does not exist),
 * leaver (nobody), ci-bot (keys only, last used with s3 and sts), listed (allowlisted, owner allow-owner), oldie (expired
 * allowlist entry, owner old-owner); all console users but ci-bot, the others last used 2026-01-01. beta: svc-dan
 * (mapped by * to erin) and temp-1..temp-k (k = 10 on D1 down to 1 on D10, never used, created 2025-01-01). gamma:
 * gina. delta: hank. Settings: idle_days 30, user_email_tag E-Mail, owner tags owner; default owners r-root root-team,
 * ou-root-work0001 work-team, ou-root-prod0001 prod-team, organization org-team.
 */
final class MigrationData {

    static final String A1 = "100000000001";
    static final String A2 = "100000000002";
    static final String A3 = "100000000003";
    static final String A4 = "100000000004";
    static final String A5 = "100000000005";
    static final LocalDate D1 = LocalDate.of(2026, 6, 1);
    static final int DAYS = 10;

    static final String REPORT_HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    static final String ACCOUNTS_HEADER = "account_id,account_name,email,status,state,joined_method,joined_timestamp,"
            + "parent_id,ou_path,tags,ou_id_path";

    private MigrationData() {
    }

    static LocalDate day(int n) {
        return D1.plusDays(n - 1L);
    }

    static Path writeTo(Path data) {
        for (int n = 1; n <= DAYS; n++) {
            LocalDate day = day(n);
            report(data, day, "alpha", A1, alphaUsers(day));
            List<String> beta = new ArrayList<>();
            beta.add(console("svc-dan", A2, "2026-06-09T10:00:00+00:00"));
            for (int k = 1; k <= DAYS + 1 - n; k++) {
                beta.add(console("temp-" + k, A2, "N/A"));
            }
            report(data, day, "beta", A2, beta);
            if (n <= 8) {
                report(data, day, "gamma", A3, List.of(console("gina", A3, "2026-01-01T10:00:00+00:00")));
            }
            report(data, day, "delta", A4, List.of(console("hank", A4, "2026-01-01T10:00:00+00:00")));
            details(data, day);
        }
        directory(data, day(1), "alpha-old@example.com");
        directory(data, day(6), "alpha-team@example.com");
        for (int n : new int[]{2, 3, 5, 8}) {
            identityCenter(data, day(n), n >= 8);
        }
        write(data.resolve("allowlist/allowlist.csv"), """
                account,user,credentials,owner,reason,ticket,expires
                100000000001,listed,console,allow-owner@example.com,Break-glass user,T-1,2027-01-01
                100000000001,oldie,console,old-owner@example.com,Was accepted until May,T-2,2026-05-01
                """);
        write(data.resolve("identity-mapping/identity-mapping.csv"), """
                # Decided by the platform team (test), the header in another order
                iam_user,account,identity_center_user,reason
                svc-dan,100000000001,dan,"Dan's service user, ticket T-9"
                svc-dan,*,erin,Erin runs it everywhere else

                ghost,*,nobody-here,Names a person who does not exist
                """);
        write(data.resolve("migration-settings/migration-settings.csv"), """
                setting,scope,value
                idle_days,,30
                user_email_tag,,E-Mail
                user_owner_tag,,owner
                account_owner_tag,,owner
                default_owner,r-root,root-team
                default_owner,ou-root-work0001,work-team
                default_owner,ou-root-prod0001,prod-team
                default_owner,,org-team
                """);
        write(data.resolve("milestones/milestones.csv"), """
                day,max_console_users,scope,name
                2026-06-05,15,,first
                2026-06-20,5,,second
                2026-06-22,0,,zero
                2026-06-12,5,ou-root-work0001,work five
                2026-06-30,1,100000000004,delta one
                2026-07-01,5,ou-root-sand0001,
                """);
        return data;
    }

    private static List<String> alphaUsers(LocalDate day) {
        String old = "2026-01-01T10:00:00+00:00";
        return List.of(
                console("alice", A1, "2026-05-11T10:00:00+00:00"),
                console("bob", A1, "2026-05-12T10:00:00+00:00"),
                console("carol", A1, old),
                user("ci-bot", A1, false, "N/A", key("2026-06-09T10:00:00+00:00", "s3"), key("2026-06-08T10:00:00+00:00", "sts")),
                console("dupe", A1, old),
                console("ghost", A1, old),
                console("leaver", A1, old),
                console("listed", A1, old),
                console("oldie", A1, old),
                console("svc-dan", A1, day.minusDays(1) + "T10:00:00+00:00"));
    }

    static String console(String name, String account, String passwordLastUsed) {
        return user(name, account, true, passwordLastUsed, noKey(), noKey());
    }

    static String user(String name, String account, boolean console, String passwordLastUsed, String key1, String key2) {
        return name + ",arn:aws:iam::" + account + ":user/" + name + ",2025-01-01T00:00:00+00:00," + console + ","
                + (console ? passwordLastUsed : "N/A") + "," + (console ? "2025-01-02T00:00:00+00:00" : "N/A")
                + ",N/A,false," + key1 + "," + key2 + ",false,N/A,false,N/A";
    }

    static String key(String lastUsed, String service) {
        return "true,2025-02-01T00:00:00+00:00," + lastUsed + ",us-east-1," + service;
    }

    static String noKey() {
        return "false,N/A,N/A,N/A,N/A";
    }

    static String folder(LocalDate day) {
        return String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    static void report(Path data, LocalDate day, String name, String account, List<String> users) {
        String root = "<root_account>,arn:aws:iam::" + account + ":root,2019-01-01T00:00:00+00:00,not_supported,"
                + "no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        write(data.resolve("credential-reports/" + folder(day) + "/" + name + "@" + account + ".csv"),
                REPORT_HEADER + "\n" + root + "\n" + String.join("\n", users) + "\n");
    }

    private static void details(Path data, LocalDate day) {
        String alpha = """
                {"kind":"collection","account_id":"100000000001","collected_at":"%1$sT06:01:02Z","users":10,"sso_roles":2}
                {"kind":"user","user_name":"alice","arn":"arn:aws:iam::100000000001:user/alice","user_id":"AIDA1","tags":{}}
                {"kind":"user","user_name":"bob","arn":"arn:aws:iam::100000000001:user/bob","user_id":"AIDA2","tags":{"OWNER":"bob-team","team":"x"}}
                {"kind":"user","user_name":"carol","arn":"arn:aws:iam::100000000001:user/carol","user_id":"AIDA3","tags":{"e-mail":"carol@example.com"}}
                {"kind":"user","user_name":"dupe","arn":"arn:aws:iam::100000000001:user/dupe","user_id":"AIDA4","tags":{"E-Mail":" dup@example.com "}}
                {"kind":"sso_role","role_name":"AWSReservedSSO_AdministratorAccess_0123456789abcdef","arn":"arn:aws:iam::100000000001:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef","permission_set_name":"AdministratorAccess","last_used":"%2$sT08:00:00Z","last_used_region":"us-east-1"}
                {"kind":"sso_role","role_name":"AWSReservedSSO_ReadOnly_fedcba9876543210","arn":"arn:aws:iam::100000000001:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210","permission_set_name":"ReadOnly","last_used":null,"last_used_region":null}
                {not json: a malformed line is skipped, never fails a query
                """.formatted(day, day.minusDays(1));
        write(data.resolve("iam-details/" + folder(day) + "/alpha@" + A1 + ".json"), alpha);
        write(data.resolve("iam-details/" + folder(day) + "/beta@" + A2 + ".json"),
                "{\"kind\":\"collection\",\"account_id\":\"100000000002\",\"collected_at\":\"" + day + "T06:01:02Z\",\"users\":2,\"sso_roles\":0}\n");
        // keys that are not <name>@<account id>.json in the day folder are ignored: delta has no details
        write(data.resolve("iam-details/" + folder(day) + "/notes.json"),
                "{\"kind\":\"sso_role\",\"role_name\":\"AWSReservedSSO_X_0123456789abcdef\",\"last_used\":\"2026-06-01T00:00:00Z\"}\n");
        write(data.resolve("iam-details/" + folder(day) + "/nested/delta@" + A4 + ".json"),
                "{\"kind\":\"collection\",\"account_id\":\"100000000004\",\"users\":1,\"sso_roles\":0}\n");
    }

    private static void directory(Path data, LocalDate day, String alphaOwner) {
        write(data.resolve("accounts/" + folder(day) + "/accounts.csv"), ACCOUNTS_HEADER + "\n"
                + A1 + ",alpha,a@example.com,ACTIVE,ACTIVE,CREATED,2020-01-01T00:00:00Z,ou-root-prod0001,Root/Work/Prod,"
                + "\"{\"\"Owner\"\":\"\"" + alphaOwner + "\"\"}\",r-root/ou-root-work0001/ou-root-prod0001\n"
                + A2 + ",beta,b@example.com,ACTIVE,ACTIVE,CREATED,2020-01-01T00:00:00Z,ou-root-dev00001,Root/Work/Dev,{},"
                + "r-root/ou-root-work0001/ou-root-dev00001\n"
                + A3 + ",gamma,c@example.com,ACTIVE,ACTIVE,CREATED,2020-01-01T00:00:00Z,ou-root-sand0001,Root/Sandbox,{},"
                + "r-root/ou-root-sand0001\n"
                + A5 + ",epsilon,e@example.com,ACTIVE,ACTIVE,CREATED,2020-01-01T00:00:00Z,ou-root-sand0001,Root/Sandbox,{},"
                + "r-root/ou-root-sand0001\n");
    }

    private static void identityCenter(Path data, LocalDate day, boolean carolAssigned) {
        String instance = "arn:aws:sso:::instance/ssoins-1111111111111111";
        StringBuilder json = new StringBuilder();
        json.append("{\"kind\":\"instance\",\"instance_arn\":\"").append(instance)
                .append("\",\"identity_store_id\":\"d-1234567890\",\"exported_at\":\"").append(day).append("T05:00:12Z\"}\n");
        person(json, "u-100", "alice", "Alice Liddell", "alice@example.com");
        person(json, "u-200", "Bob", "Bob Builder", "bob@example.com");
        person(json, "u-300", "carol.c", "Carol C", "Carol@Example.com");
        person(json, "u-410", "dup-2", "Dup Two", "dup@example.com");
        person(json, "u-400", "dup-1", "Dup One", "DUP@example.com");
        person(json, "u-500", "dan", "Dan D", null);
        person(json, "u-600", "erin", "Erin E", "erin@example.com");
        json.append("{\"kind\":\"group\",\"identity_store_id\":\"d-1234567890\",\"group_id\":\"g-1\",\"group_name\":\"devs\",\"external_ids\":[]}\n");
        json.append("{\"kind\":\"membership\",\"identity_store_id\":\"d-1234567890\",\"group_id\":\"g-1\",\"user_id\":\"u-200\"}\n");
        assignment(json, A1, "AdministratorAccess", "USER", "u-100", "u-100");
        assignment(json, A1, "ReadOnly", "GROUP", "g-1", null);
        assignment(json, A1, "ReadOnly", "GROUP", "g-1", "u-200");
        assignment(json, A1, "ReadOnly", "USER", "u-400", "u-400");
        assignment(json, A1, "Billing", "USER", "u-400", "u-400");
        assignment(json, A1, "PowerUser", "USER", "u-500", "u-500");
        assignment(json, A2, "PowerUser", "USER", "u-600", "u-600");
        if (carolAssigned) {
            assignment(json, A1, "ReadOnly", "USER", "u-300", "u-300");
        }
        write(data.resolve("identity-center/" + folder(day) + "/identity-center.json"), json.toString());
    }

    private static void person(StringBuilder json, String id, String userName, String displayName, String email) {
        json.append("{\"kind\":\"user\",\"identity_store_id\":\"d-1234567890\",\"user_id\":\"").append(id)
                .append("\",\"user_name\":\"").append(userName).append("\",\"display_name\":\"").append(displayName)
                .append("\",\"emails\":").append(email == null ? "[]" : "[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}]")
                .append(",\"external_ids\":[{\"issuer\":\"https://idp.example.com\",\"id\":\"ext-").append(id).append("\"}]}\n");
    }

    private static void assignment(StringBuilder json, String account, String permissionSet, String principalType,
                                   String principalId, String userId) {
        json.append("{\"kind\":\"assignment\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1111111111111111\",\"account_id\":\"")
                .append(account).append("\",\"permission_set_arn\":\"arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-")
                .append(permissionSet).append("\",\"permission_set_name\":\"").append(permissionSet)
                .append("\",\"principal_type\":\"").append(principalType).append("\",\"principal_id\":\"").append(principalId)
                .append("\",\"user_id\":").append(userId == null ? "null" : "\"" + userId + "\"").append("}\n");
    }

    static void write(Path path, String text) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
