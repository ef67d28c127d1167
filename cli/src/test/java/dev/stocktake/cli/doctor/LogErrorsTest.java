package dev.stocktake.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogErrorsTest {

    @Test
    void a_stocktake_error_line_keeps_message_step_reason_and_error_and_drops_the_rest() {
        String line = "{\"timestamp\":\"2026-12-02T06:41:12Z\",\"level\":\"ERROR\",\"service\":\"stocktake-collector\","
                + "\"message\":\"credential report NOT stored\",\"accountId\":\"111122223333\",\"step\":\"STORE\","
                + "\"reason\":\"AccessDenied\",\"error\":\"s3:PutObject denied\",\"_aws\":{\"Timestamp\":1}}";

        assertThat(LogErrors.shorten(line))
                .isEqualTo("credential report NOT stored; step STORE; reason AccessDenied; error s3:PutObject denied");
    }

    @Test
    void an_uncaught_exception_of_the_lambda_runtime_is_its_type_and_message() {
        String line = "{\"errorMessage\":\"Connect timed out\",\"errorType\":\"software.amazon.awssdk.core.exception.SdkClientException\","
                + "\"stackTrace\":[\"a\",\"b\"]}";

        assertThat(LogErrors.shorten(line)).isEqualTo("software.amazon.awssdk.core.exception.SdkClientException: Connect timed out");
    }

    @Test
    void a_plain_line_is_cut_at_its_first_line_break_and_300_characters() {
        assertThat(LogErrors.shorten("2026-12-02T06:41:12Z abc Task timed out after 900.00 seconds\n\tat x"))
                .isEqualTo("2026-12-02T06:41:12Z abc Task timed out after 900.00 seconds");
        assertThat(LogErrors.shorten("ERROR " + "x".repeat(400))).hasSize(301).endsWith("…");
    }

    @Test
    void only_lines_with_an_error_term_count_as_errors() {
        assertThat(LogErrors.isError("{\"level\":\"ERROR\"}")).isTrue();
        assertThat(LogErrors.isError("Task timed out after 900.00 seconds")).isTrue();
        assertThat(LogErrors.isError("{\"errorMessage\":\"x\"}")).isTrue();
        assertThat(LogErrors.isError("{\"level\":\"INFO\",\"message\":\"credential report stored\"}")).isFalse();
        assertThat(LogErrors.isError("REPORT RequestId: 1 Duration: 3.2 ms")).isFalse();
    }
}
