package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;


import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.report.ReportKeys;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportCommandTest {

    private final CliRunner cli = new CliRunner();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(Map<String, String> env, String... args) {
        return cli.run(env, args);
    }

    @Nested
    class Bad_data_gives_a_clear_message_not_a_stack_trace {

        @Test
        void an_empty_folder(@TempDir Path dir) {
            int exit = run(Map.of(), "report", "--data", dir.toString(), "--out", dir.resolve("out").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake report: no credential reports in " + dir.toAbsolutePath())
                    .contains("YYYY/MM/DD/<account-name>@<account-id>.csv").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(dir.resolve("out")).doesNotExist();
        }

        @Test
        void a_folder_laid_out_otherwise(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("payments-prd.csv"), "user,arn\n");
            Files.createDirectories(dir.resolve("2026/03"));
            Files.writeString(dir.resolve("2026/03/report.csv"), "user,arn\n");

            int exit = run(Map.of(), "report", "--data", dir.toString(), "--out", dir.resolve("out").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake report: bad layout in ")
                    .contains("payments-prd.csv").contains("2026/03/report.csv").doesNotContain("Exception").doesNotContain("\tat ");
        }

        @Test
        void a_folder_that_does_not_exist(@TempDir Path dir) {
            int exit = run(Map.of(), "report", "--data", dir.resolve("nope").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake report: no such folder: ").doesNotContain("Exception");
        }

        @Test
        void a_location_that_is_not_s3() {
            int exit = run(Map.of(), "report", "--data", "s3:///credential-reports/");

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).startsWith("stocktake report: not an s3://bucket/prefix location");
        }
    }

    @Test
    void files_kept_out_of_every_number_are_named_on_stderr_after_the_output(@TempDir Path dir) throws IOException {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path day = Files.createDirectories(dir.resolve("data").resolve(ReportKeys.datePath(yesterday)));
        Files.write(day.resolve("prod@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        // another account's ARNs under this account's key: forged
        Files.write(day.resolve("stg@444455556666.csv"), HistoryFixtures.awsReport("111122223333"));

        int exit = run(Map.of(), "report", "--data", dir.resolve("data").toString(), "--out", dir.resolve("out").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Wrote " + dir.resolve("out/dashboard.html"));
        // the migration section: no Identity Center export, no owner: every user of the accepted report waits for one
        assertThat(out.toString()).contains(String.join(System.lineSeparator(),
                "IAM users by verdict on " + yesterday + ": ready to remove 0, needs assignment 0, no identity 0, machine user 0, "
                        + "still in use 0, allowlisted 0, Identity Center unknown 3 (3 IAM users).",
                "Owners with the most to do: (no owner) 3 (Identity Center unknown 3).", ""));
        assertThat(err.toString()).isEqualTo(String.join(System.lineSeparator(),
                "stocktake report: warning: 1 report file is kept out of every number (rejected_reports):",
                "  " + yesterday + "  " + ReportKeys.datePath(yesterday) + "stg@444455556666.csv: ARN of account 111122223333 "
                        + "in the report of account 444455556666",
                "  See them: ./stocktake sql --data " + dir.resolve("data") + " --view rejected_reports", ""));
    }

    @Nested
    @ExtendWith(EmulatorExtension.class)
    class On_collector_output {

        @Test
        void renders_the_dashboard_of_what_collect_stored(Emulator emulator, @TempDir Path dir) throws IOException {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
            assertThat(run(env, "collect", "--emulator", "--out", dir.resolve("data").toString())).as(err.toString()).isZero();

            int exit = run(env, "report", "--data", dir.resolve("data").toString(), "--out", dir.resolve("out").toString());

            assertThat(exit).as(err.toString()).isZero();
            String html = Files.readString(dir.resolve("out/dashboard.html"), StandardCharsets.UTF_8);
            // the seeded organization of `collect --emulator`: five console users in four accounts
            assertThat(html).contains("IAM users in 4 AWS accounts")
                    .contains("data-figure=\"current_console_users\">5<")
                    .contains("data platform/stg").contains("sandbox #3");
            assertThat(out.toString()).contains("5 console-capable IAM users today").contains("Wrote " + dir.resolve("out/dashboard.html"))
                    .contains("Coverage unknown: no account directory export (accounts/YYYY/MM/DD/accounts.csv) beside the reports.");
            assertThat(dir.resolve("out/data/daily_counts.csv")).exists();
            assertThat(dir.resolve("out/email-preview.html")).content().contains("Stocktake: 5 console-capable IAM users on ");
            assertThat(dir.resolve("out/slack-preview.json")).exists();
        }
    }
}
