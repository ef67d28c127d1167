package dev.stocktake.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.notifier.testing.Mime;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MimeMessageTest {

    @Test
    void a_mail_client_reads_back_the_subject_both_bodies_and_the_attachment() {
        String subject = "Stocktake: 6 console-capable IAM users on 2026-03-15 (\u22121 since yesterday) \u2014 \u65e5\u672c\u8a9e";
        byte[] raw = new MimeMessage("stocktake@example.com", List.of("a@example.com", "b@example.com"), subject,
                ZonedDateTime.parse("2026-03-15T07:30:00Z"), "plain \u2212 text", "<p>html &amp; \u00b10</p>",
                List.of(new MimeMessage.Attachment("console-users-2026-03-15.csv", "text/csv; charset=UTF-8",
                        "a,b\r\n'+x,1\r\n".getBytes(StandardCharsets.UTF_8)))).bytes();
        String text = new String(raw, StandardCharsets.US_ASCII);

        assertThat(text).doesNotContain("\n\n").as("lines end in CRLF").contains("\r\n\r\n");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        Mime.Message message = Mime.parse(text);
        assertThat(message.subject()).isEqualTo(subject);
        assertThat(message.headers().get("date")).isEqualTo("Sun, 15 Mar 2026 07:30:00 GMT");
        assertThat(message.part("text/plain").text()).isEqualTo("plain \u2212 text");
        assertThat(message.part("text/html").text()).isEqualTo("<p>html &amp; \u00b10</p>");
        assertThat(message.part("text/csv").disposition()).isEqualTo("attachment; filename=\"console-users-2026-03-15.csv\"");
        assertThat(message.part("text/csv").text()).isEqualTo("a,b\r\n'+x,1\r\n");
    }

    @Test
    void a_sender_name_that_is_not_ascii_is_encoded_and_the_address_kept() {
        assertThat(MimeMessage.address("Stocktake <stocktake@example.com>")).isEqualTo("Stocktake <stocktake@example.com>");
        assertThat(MimeMessage.address("stocktake@example.com")).isEqualTo("stocktake@example.com");
        assertThat(MimeMessage.address("棚卸 <stocktake@example.com>")).isEqualTo("=?UTF-8?B?5qOa5Y24?= <stocktake@example.com>");
    }

    @Test
    void an_ascii_subject_is_left_as_it_is() {
        assertThat(MimeMessage.encodeHeader("Stocktake: no credential reports for 2026-03-15"))
                .isEqualTo("Stocktake: no credential reports for 2026-03-15");
    }
}
