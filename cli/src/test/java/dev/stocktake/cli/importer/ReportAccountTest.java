package dev.stocktake.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportAccountTest {

    private static ReportAccount of(String csv) {
        return ReportAccount.of(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_account_of_a_report_in_awss_format_is_the_one_its_arns_name() {
        assertThat(ReportAccount.of(HistoryFixtures.awsReport("111122223333")))
                .isEqualTo(new ReportAccount.Found("111122223333", 4));
    }

    /**
     * Reports written by AWS and kept by other projects (the IAM guide's example, Cloud Custodian's test data, moto),
     * collected for the views' tests in sql-engine: each one's account is the one its ARNs name.
     */
    @Test
    void real_world_reports_give_their_account() throws IOException {
        Path folder = Path.of("../sql-engine/src/test/resources/dev/stocktake/sql/fixtures/trust/real-world");
        Map<String, String> expected = Map.of(
                "aws-doc-powershell-2015.csv", "123456789012",
                "c7n-123456789012-2020-04-02.csv", "123456789012",
                "c7n-619193117841-2016-11-25.csv", "619193117841",
                "c7n-644160558196-2016-11-25.csv", "644160558196",
                "c7n-644160558196-2018-12-02.csv", "644160558196",
                "c7n-644160558196-2021-02-04.csv", "644160558196",
                "moto-5.2.1.csv", "123456789012");
        // moto 5.2.1 writes a user name with a comma unquoted: that row's cells shift, its arn cell is not an ARN (the
        // views reject the file too: "row of 24 fields where the header has 22")
        String shifted = "moto-5.2.1-comma-in-user-name.csv";
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(expected.keySet().stream(), Stream.of(shifted)).toList());
        }
        assertThat(ReportAccount.of(Files.readAllBytes(folder.resolve(shifted))))
                .isEqualTo(new ReportAccount.Problem("no ARN in data row 2: its arn value is not an IAM user or root ARN"));
        expected.forEach((file, accountId) -> {
            try {
                assertThat(ReportAccount.of(Files.readAllBytes(folder.resolve(file)))).as(file)
                        .isInstanceOfSatisfying(ReportAccount.Found.class, found -> assertThat(found.accountId()).isEqualTo(accountId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void the_arn_column_is_found_by_its_name_wherever_it_is() {
        assertThat(of("user_creation_time,user,mystery,arn\n"
                + "2020-01-01T00:00:00+00:00,alice,x,arn:aws:iam::111122223333:user/alice\n"
                + "2020-01-01T00:00:00+00:00,\"a,b\",y,arn:aws:iam::111122223333:user/teams/a,b\n"))
                .isEqualTo(new ReportAccount.Found("111122223333", 2));
    }

    @Test
    void the_pre_2015_layout_and_other_partitions_are_reports_too() {
        assertThat(of("user,arn,user_creation_time,password_enabled\n"
                + "<root_account>,arn:aws-cn:iam::111122223333:root,2014-10-15T16:31:25+00:00,not_supported\n"))
                .isEqualTo(new ReportAccount.Found("111122223333", 1));
    }

    @Test
    void problems_name_the_row_and_column_never_a_value() {
        assertThat(of("")).isEqualTo(new ReportAccount.Problem("not a credential report: the file is empty"));
        assertThat(of("name,email\nalice,alice@example.com\n"))
                .isEqualTo(new ReportAccount.Problem("not a credential report: the header has no user and arn columns"));
        assertThat(of("user,email\nalice,alice@example.com\n"))
                .isEqualTo(new ReportAccount.Problem("not a credential report: the header has no arn column"));
        assertThat(of("user,arn,arn\n")).isEqualTo(
                new ReportAccount.Problem("not a credential report: the header names column arn more than once"));
        assertThat(of("user,arn,mfa_active\n")).isEqualTo(
                new ReportAccount.Problem("no ARN: the report has no rows after the header, so its account is unknown"));
        assertThat(of("user,mfa_active,arn\nalice,true,arn:aws:iam::111122223333:user/alice\nsecret-bob,true\n")).isEqualTo(
                new ReportAccount.Problem("no ARN in data row 2: it has 2 field(s), the arn column is field 3"));
        assertThat(of("user,arn\nalice,arn:aws:iam::111122223333:user/alice\nsecret-bob,arn:aws:s3:::bucket-of-bob\n"))
                .isEqualTo(new ReportAccount.Problem("no ARN in data row 2: its arn value is not an IAM user or root ARN"));
        assertThat(of("user,arn\nalice,arn:aws:iam::111122223333:user/alice\nbob,arn:aws:iam::444455556666:user/bob\n"))
                .isEqualTo(new ReportAccount.Problem("mixed accounts: the ARNs name 2 accounts (111122223333, 444455556666); "
                        + "a report holds one account's users"));
        assertThat(of("user,arn\n\"secret-alice,arn:aws:iam::111122223333:user/alice\n"))
                .isInstanceOfSatisfying(ReportAccount.Problem.class, problem -> assertThat(problem.reason())
                        .startsWith("unreadable: not valid CSV").doesNotContain("secret"));
    }
}
