package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

/**
 * {@code stocktake todo} on a small bucket copy: one account reporting on two days, Identity Center exported on the
 * second only, the organization's default owner from the migration settings (a name with a quote in it).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TodoCommandTest {

    private static final String ACCOUNT = "111122223333";
    private static final String OWNER = "o'brien@example.com";
    private static final LocalDate DAY_1 = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    private static final LocalDate DAY_2 = DAY_1.plusDays(1);

    private Path data;
    private LocalAthena athena;

    @BeforeAll
    void data(@TempDir Path dir) throws IOException {
        data = dir.resolve("data");
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            Path folder = Files.createDirectories(data.resolve("credential-reports").resolve(ReportKeys.datePath(day)));
            Files.write(folder.resolve("prod@" + ACCOUNT + ".csv"), HistoryFixtures.awsReport(ACCOUNT));
        }
        // Identity Center on day 2: the person Administrator, assigned to the account; nobody else
        Path export = Files.createDirectories(data.resolve("identity-center").resolve(ReportKeys.datePath(DAY_2)));
        Files.writeString(export.resolve("identity-center.json"), String.join("\n",
                "{\"kind\":\"instance\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1\",\"identity_store_id\":\"d-1\","
                        + "\"exported_at\":\"" + DAY_2 + "T05:00:00Z\"}",
                "{\"kind\":\"user\",\"identity_store_id\":\"d-1\",\"user_id\":\"u-1\",\"user_name\":\"administrator\","
                        + "\"display_name\":\"Admin Istrator\",\"emails\":[{\"value\":\"admin@example.com\",\"type\":\"work\",\"primary\":true}]}",
                "{\"kind\":\"assignment\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1\",\"account_id\":\"" + ACCOUNT + "\","
                        + "\"permission_set_arn\":\"arn:aws:sso:::permissionSet/ssoins-1/ps-1\",\"permission_set_name\":\"AdministratorAccess\","
                        + "\"principal_type\":\"USER\",\"principal_id\":\"u-1\",\"user_id\":\"u-1\"}", ""), StandardCharsets.UTF_8);
        Files.createDirectories(data.resolve("migration-settings"));
        Files.writeString(data.resolve("migration-settings/migration-settings.csv"),
                "setting,scope,value\nidle_days,,90\ndefault_owner,,\"" + OWNER + "\"\n", StandardCharsets.UTF_8);
        athena = LocalAthena.start(data);
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    private QueryResult todo(LocalDate day) {
        return athena.execute("test", "select owner, account_name, account_id, verdict, users, console_users, action, user_names "
                + "from owner_todo where dt = date '" + day + "' order by owner, account_name, account_id, verdict");
    }

    private static String csv(QueryResult result) {
        java.io.StringWriter text = new java.io.StringWriter();
        dev.stocktake.sql.engine.ResultFormat.CSV.write(result, new java.io.PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void prints_the_latest_days_to_do_of_every_owner_as_owner_todo_has_it() {
        CliRunner cli = new CliRunner();

        int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--format", "csv");

        assertThat(exit).as(cli.err.toString()).isZero();
        QueryResult expected = todo(DAY_2);
        assertThat(expected.rows()).isNotEmpty();
        assertThat(cli.out.toString()).isEqualTo(csv(expected));
        // Identity Center knows the day: no user is "unknown"; every row is the organization default's
        assertThat(expected.rows()).extracting(row -> row.get(3)).doesNotContain("identity_center_unknown");
        assertThat(expected.rows()).extracting(row -> row.getFirst()).containsOnly(OWNER);
        assertThat(cli.err.toString()).isEmpty();
    }

    @Test
    void a_table_with_the_totals_by_default() {
        CliRunner cli = new CliRunner();

        int exit = cli.run(Map.of(), "todo", "--data", data.toString());

        assertThat(exit).as(cli.err.toString()).isZero();
        long users = todo(DAY_2).rows().stream().mapToLong(row -> (Long) row.get(4)).sum();
        assertThat(cli.out.toString()).startsWith("To do on " + DAY_2 + ": " + users + " IAM user" + (users == 1 ? "" : "s") + " of 1 owner")
                .contains("owner").contains("verdict").contains("user_names").contains(OWNER);
    }

    /** The words a person reads for each verdict of owner_todo. */
    private static final Map<String, String> VERDICT_WORDS = Map.of("machine_user", "machine user",
            "identity_center_unknown", "Identity Center unknown", "no_identity", "no identity", "needs_assignment",
            "needs assignment", "ready_to_remove", "ready to remove", "still_in_use", "still in use");

    /** The verdict column of the printed table, row by row (after the line of totals, the header and its rule). */
    private static List<String> verdictColumn(String table) {
        return table.lines().skip(3).filter(line -> line.contains(" | ")).map(line -> line.split(" \\| ")[3].trim()).toList();
    }

    @Test
    void the_table_says_each_verdict_in_words_on_any_day() {
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--day", day.toString());

            assertThat(exit).as(cli.err.toString()).isZero();
            List<String> codes = todo(day).rows().stream().map(row -> (String) row.get(3)).toList();
            List<String> printed = verdictColumn(cli.out.toString());
            assertThat(printed).as("verdicts on " + day).containsExactlyElementsOf(codes.stream().map(VERDICT_WORDS::get).toList());
            assertThat(cli.out.toString()).doesNotContain(codes.stream().filter(code -> code.contains("_")).toList());
            // the day without an Identity Center export: the product's name keeps its capitals
            assertThat(printed).as("verdicts on " + day).contains(day.equals(DAY_1) ? "Identity Center unknown" : "no identity");
        }
    }

    @Test
    void an_earlier_day_without_an_identity_center_export_says_unknown() {
        CliRunner cli = new CliRunner();

        int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--day", DAY_1.toString(), "--format", "csv");

        assertThat(exit).as(cli.err.toString()).isZero();
        QueryResult expected = todo(DAY_1);
        assertThat(cli.out.toString()).isEqualTo(csv(expected));
        assertThat(expected.rows()).extracting(row -> row.get(3)).contains("identity_center_unknown");
    }

    @Test
    void one_owner_even_with_a_quote_in_the_name() {
        CliRunner cli = new CliRunner();

        int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--owner", OWNER, "--format", "csv");

        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).isEqualTo(csv(todo(DAY_2)));
    }

    @Test
    void an_owner_with_nothing_to_do_is_said_so_and_the_owners_named() {
        CliRunner cli = new CliRunner();

        int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--owner", "nobody@example.com");

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).isEmpty();
        assertThat(cli.err.toString()).isEqualTo("Nothing to do for nobody@example.com on " + DAY_2
                + " (owner_todo names no such owner that day; owners: " + OWNER + ")." + System.lineSeparator());
    }

    @Nested
    class Bad_flags_and_data {

        @Test
        void a_day_outside_the_reports() {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--day", DAY_2.plusDays(1).toString());

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err.toString()).startsWith("stocktake todo: --day " + DAY_2.plusDays(1) + " is outside the report days in "
                    + data + " (" + DAY_1 + " to " + DAY_2 + ")");
        }

        @Test
        void a_day_that_is_not_a_date() {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--day", "yesterday");

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err.toString()).contains("--day").contains("yesterday");
        }

        @Test
        void an_unknown_format() {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--format", "xml");

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err.toString()).isEqualTo("stocktake todo: --format must be table, csv or json, got: xml" + System.lineSeparator());
        }

        @Test
        void an_empty_owner() {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", data.toString(), "--owner", " ");

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err.toString()).startsWith("stocktake todo: --owner is empty");
        }

        @Test
        void a_folder_without_reports(@TempDir Path empty) {
            CliRunner cli = new CliRunner();

            int exit = cli.run(Map.of(), "todo", "--data", empty.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(cli.err.toString()).startsWith("stocktake todo: no credential reports in ")
                    .contains("--data must be laid out like the bucket").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void the_owner_becomes_an_sql_literal_with_its_quotes_doubled() {
        assertThat(TodoCommand.literal("o'brien")).isEqualTo("'o''brien'");
        assertThat(TodoCommand.sql(DAY_2, "x' or '1'='1")).contains("owner = 'x'' or ''1''=''1'");
    }
}
