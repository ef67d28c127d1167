package dev.stocktake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportFormatTest {

    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    @Test
    void accepts_a_credential_report_and_counts_its_rows() {
        byte[] report = (HEADER + "\n<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported\n"
                + "alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true").getBytes(StandardCharsets.UTF_8);
        assertThat(ReportFormat.problem(report)).isNull();
        assertThat(new CredentialReport(report, Instant.EPOCH).rows()).isEqualTo(2);
    }

    @Test
    void a_header_only_report_has_no_rows_and_a_trailing_newline_adds_none() {
        assertThat(ReportFormat.dataRows(HEADER.getBytes(StandardCharsets.UTF_8))).isZero();
        assertThat(ReportFormat.dataRows((HEADER + "\na,b\n").getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
    }

    @Test
    void rejects_an_empty_body() {
        assertThat(ReportFormat.problem(new byte[0])).isEqualTo("the body is empty");
    }

    @Test
    void rejects_html_without_echoing_it() {
        byte[] html = "<html><body>secret-looking text</body></html>".getBytes(StandardCharsets.UTF_8);
        assertThat(ReportFormat.problem(html))
                .contains("does not start with the header 'user,arn,'")
                .doesNotContain("secret");
    }

    @Test
    void rejects_a_csv_with_other_columns_first() {
        assertThat(ReportFormat.problem("arn,user,x\n".getBytes(StandardCharsets.UTF_8))).contains("user,arn,");
        assertThat(ReportFormat.problem("user,a".getBytes(StandardCharsets.UTF_8))).contains("only 6 bytes");
    }

    @Test
    void a_report_is_a_defensive_copy_of_the_bytes() {
        byte[] bytes = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        CredentialReport report = new CredentialReport(bytes, Instant.EPOCH);
        bytes[0] = 'X';
        assertThat(report.content()[0]).isEqualTo((byte) 'u');
    }
}
