package dev.stocktake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.stocktake.report.ReportFormat.HeaderCheck;
import dev.stocktake.report.ReportFormat.Layout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportFormatTest {

    /** The header written out here, independently of {@link ReportFormat#STANDARD_COLUMNS}. */
    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    private static final String ROW = "\nalice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,"
            + "false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HeaderCheck header(String header) {
        byte[] body = bytes(header + ROW);
        assertThat(ReportFormat.problem(body)).as("a report, whatever its layout").isNull();
        return ReportFormat.checkHeader(body);
    }

    private static List<String> columns() {
        return new ArrayList<>(List.of(HEADER.split(",")));
    }

    @Nested
    class Is_it_a_report {

        @Test
        void accepts_a_credential_report_and_counts_its_rows() {
            byte[] report = bytes(HEADER + "\n<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported\n"
                    + "alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true");
            assertThat(ReportFormat.problem(report)).isNull();
            assertThat(new CredentialReport(report, Instant.EPOCH).rows()).isEqualTo(2);
        }

        @Test
        void a_header_only_report_has_no_rows_and_a_trailing_newline_adds_none() {
            assertThat(ReportFormat.dataRows(bytes(HEADER))).isZero();
            assertThat(ReportFormat.dataRows(bytes(HEADER + "\na,b\n"))).isEqualTo(1);
        }

        @Test
        void rejects_an_empty_body() {
            assertThat(ReportFormat.problem(new byte[0])).isEqualTo("the body is empty");
        }

        @Test
        void rejects_html_without_echoing_it() {
            byte[] html = bytes("<html><body>secret-looking text</body></html>");
            assertThat(ReportFormat.problem(html))
                    .isEqualTo("the first line (45 bytes) does not name the columns 'user' and 'arn' of a credential report header")
                    .doesNotContain("secret");
        }

        @Test
        void rejects_a_body_whose_first_line_is_a_data_row_without_echoing_it() {
            assertThat(ReportFormat.problem(bytes("alice,arn:aws:iam::111122223333:user/alice,true\n")))
                    .contains("does not name the columns 'user' and 'arn'").doesNotContain("alice");
            assertThat(ReportFormat.problem(bytes("user,a"))).contains("(6 bytes)");
        }

        @Test
        void a_report_is_a_defensive_copy_of_the_bytes() {
            byte[] bytes = bytes(HEADER + "\n");
            CredentialReport report = new CredentialReport(bytes, Instant.EPOCH);
            bytes[0] = 'X';
            assertThat(report.content()[0]).isEqualTo((byte) 'u');
        }
    }

    @Nested
    class Header_layout {

        @Test
        void the_standard_columns_are_the_22_of_todays_report_in_awss_order() {
            assertThat(ReportFormat.STANDARD_COLUMNS).hasSize(22).containsExactlyElementsOf(columns());
        }

        @Test
        void the_aws_documentations_example_is_standard() throws IOException {
            // Built from the IAM User Guide's "Understanding the report format": its column list in its order, the
            // TRUE/FALSE it prints, every sentinel (N/A, no_information, not_supported) and the <root_account> row.
            byte[] example;
            try (InputStream in = ReportFormatTest.class.getResourceAsStream("aws-docs-credential-report.csv")) {
                example = in.readAllBytes();
            }
            assertThat(ReportFormat.problem(example)).isNull();
            assertThat(ReportFormat.checkHeader(example)).isEqualTo(new HeaderCheck(Layout.STANDARD, null));
            assertThat(new CredentialReport(example, Instant.EPOCH).header().isStandard()).isTrue();
            assertThat(new CredentialReport(example, Instant.EPOCH).rows()).isEqualTo(4);
        }

        @Test
        void exactly_todays_columns_are_standard_also_with_a_crlf_line_end_or_no_rows() {
            assertThat(header(HEADER).layout()).isEqualTo(Layout.STANDARD);
            assertThat(ReportFormat.checkHeader(bytes(HEADER + "\r\nalice,arn\r\n")).layout()).isEqualTo(Layout.STANDARD);
            assertThat(ReportFormat.checkHeader(bytes(HEADER)).layout()).isEqualTo(Layout.STANDARD);
            assertThat(Layout.STANDARD.label()).isEqualTo("standard");
            assertThat(Layout.UNKNOWN.label()).isEqualTo("unknown");
        }

        @Test
        void missing_columns_are_unknown_and_named() {
            List<String> columns = columns();
            columns.remove("mfa_active");
            columns.remove("cert_2_last_rotated");
            assertThat(header(String.join(",", columns)))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "missing mfa_active, cert_2_last_rotated"));
        }

        @Test
        void the_pre_2015_layout_without_the_last_used_columns_is_unknown() {
            List<String> columns = columns();
            columns.removeIf(c -> c.contains("last_used_"));
            HeaderCheck check = header(String.join(",", columns));
            assertThat(check.layout()).isEqualTo(Layout.UNKNOWN);
            assertThat(check.difference()).isEqualTo("missing access_key_1_last_used_date, access_key_1_last_used_region, "
                    + "access_key_1_last_used_service, access_key_2_last_used_date, access_key_2_last_used_region, "
                    + "access_key_2_last_used_service");
        }

        @Test
        void a_column_appended_by_aws_is_unknown_and_named() {
            assertThat(header(HEADER + ",passkey_active"))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "extra passkey_active"));
        }

        @Test
        void a_column_inserted_in_the_middle_is_unknown_and_named() {
            List<String> columns = columns();
            columns.add(5, "console_access");
            assertThat(header(String.join(",", columns))).isEqualTo(new HeaderCheck(Layout.UNKNOWN, "extra console_access"));
        }

        @Test
        void reordered_columns_are_unknown_and_the_first_one_out_of_place_is_named() {
            List<String> columns = columns();
            Collections.swap(columns, 8, 13);
            assertThat(header(String.join(",", columns))).isEqualTo(new HeaderCheck(Layout.UNKNOWN,
                    "reordered: column 9 is access_key_2_active, expected access_key_1_active"));
        }

        @Test
        void user_and_arn_swapped_is_still_a_report_of_unknown_layout() {
            List<String> columns = columns();
            Collections.swap(columns, 0, 1);
            assertThat(header(String.join(",", columns)))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "reordered: column 1 is arn, expected user"));
        }

        @Test
        void a_repeated_column_is_unknown_and_named() {
            assertThat(header(HEADER + ",mfa_active")).isEqualTo(new HeaderCheck(Layout.UNKNOWN, "repeated mfa_active"));
        }

        @Test
        void several_differences_are_all_named() {
            List<String> columns = columns();
            columns.remove("cert_1_active");
            columns.add("arn");
            columns.add("Tags");
            assertThat(header(String.join(",", columns)))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "missing cert_1_active; extra Tags; repeated arn"));
        }

        @Test
        void a_trailing_comma_is_an_extra_empty_column() {
            assertThat(header(HEADER + ",")).isEqualTo(new HeaderCheck(Layout.UNKNOWN, "extra (empty)"));
        }

        @Test
        void differently_cased_or_padded_names_are_unknown() {
            assertThat(header(HEADER.replace("mfa_active", "MFA_Active")).difference())
                    .isEqualTo("missing mfa_active; extra MFA_Active");
            assertThat(header(HEADER.replace(",mfa_active,", ", mfa_active,")).difference())
                    .isEqualTo("missing mfa_active; extra  mfa_active");
        }

        @Test
        void quoted_header_cells_are_still_a_report_of_unknown_layout() {
            String quoted = "\"" + HEADER.replace(",", "\",\"") + "\"";
            assertThat(header(quoted)).isEqualTo(new HeaderCheck(Layout.UNKNOWN, "header cells are quoted"));
            // A quoted cell may hide a comma: never split it into names.
            assertThat(header("user,arn,\"mfa_active,cert_1_active\"," + HEADER.substring(9)))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "header cells are quoted"));
        }

        @Test
        void a_byte_order_mark_before_the_header_is_still_a_report_of_unknown_layout() {
            byte[] body = bytes("\uFEFF" + HEADER + ROW);
            assertThat(body[0]).isEqualTo((byte) 0xEF);
            assertThat(ReportFormat.problem(body)).isNull();
            assertThat(ReportFormat.checkHeader(body))
                    .isEqualTo(new HeaderCheck(Layout.UNKNOWN, "a byte order mark precedes the header"));
            assertThat(ReportFormat.problem(bytes("\uFEFF<html>"))).contains("does not name the columns");
        }

        @Test
        void the_difference_is_printable_ascii_and_bounded_whatever_the_names() {
            StringBuilder header = new StringBuilder(HEADER);
            for (int i = 0; i < 200; i++) {
                header.append(",col_é_").append(i).append('\t');
            }
            HeaderCheck check = header(header.toString());
            assertThat(check.layout()).isEqualTo(Layout.UNKNOWN);
            assertThat(check.difference()).hasSize(ReportFormat.MAX_DIFFERENCE_LENGTH).endsWith("...")
                    .startsWith("extra col_??_0?, col_??_1?").matches("[\\x20-\\x7E]+");
        }

        @Test
        void the_difference_never_holds_a_cell_of_a_data_row() {
            List<String> columns = columns();
            columns.remove("password_enabled");
            HeaderCheck check = header(String.join(",", columns));
            assertThat(check.difference()).isEqualTo("missing password_enabled").doesNotContain("alice").doesNotContain("arn:aws");
        }
    }
}
