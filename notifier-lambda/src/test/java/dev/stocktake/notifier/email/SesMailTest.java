package dev.stocktake.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.testing.SentEmails;
import dev.stocktake.notifier.testing.SesOutbox;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** What SES receives: the request as it goes over the wire, and what the emulator's SES accepted. */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SesMailTest {

    static Emulator emulator;
    static SesV2Client ses;

    @BeforeAll
    static void start(Emulator started) {
        emulator = started;
        ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        SentEmails.clear();
        ses.createEmailIdentity(request -> request.emailIdentity("stocktake@example.com"));
    }

    @Test
    void ses_receives_the_subject_both_bodies_in_utf_8_and_the_attachment() {
        String subject = "Stocktake: 6 console-capable IAM users on 2026-03-15 (\u22121 since yesterday) \u2014 \u65e5\u672c\u8a9e";
        SesMail mail = new SesMail(ses, "stocktake@example.com", List.of("a@example.com", "b@example.com"), null);

        String id = mail.send(new SesMail.Email(subject, "plain \u2212 text", "<p>html &amp; \u00b10</p>",
                List.of(new SesMail.Attachment("console-users-2026-03-15.csv", "text/csv; charset=UTF-8",
                        "a,b\r\n'+x,1\r\n".getBytes(StandardCharsets.UTF_8)))));

        assertThat(id).isNotBlank();
        SentEmails.Email sent = SentEmails.all().getFirst();
        assertThat(sent.from()).isEqualTo("stocktake@example.com");
        assertThat(sent.to()).containsExactly("a@example.com", "b@example.com");
        assertThat(sent.subject()).isEqualTo(subject);
        assertThat(List.of(sent.subjectCharset(), sent.textCharset(), sent.htmlCharset())).containsOnly("UTF-8");
        assertThat(sent.text()).isEqualTo("plain \u2212 text");
        assertThat(sent.html()).isEqualTo("<p>html &amp; \u00b10</p>");
        SentEmails.Attachment csv = sent.attachment("text/csv");
        assertThat(csv.contentType()).isEqualTo("text/csv; charset=UTF-8");
        assertThat(csv.fileName()).isEqualTo("console-users-2026-03-15.csv");
        assertThat(csv.disposition()).isEqualTo("ATTACHMENT");
        assertThat(csv.text()).isEqualTo("a,b\r\n'+x,1\r\n");
        assertThat(SesOutbox.accepted(emulator)).singleElement().satisfies(accepted -> {
            assertThat(accepted.subject()).isEqualTo(subject);
            assertThat(accepted.destinations()).containsExactly("a@example.com", "b@example.com");
        });
    }

    @Test
    void a_sender_name_that_is_not_ascii_is_encoded_and_the_address_kept() {
        new SesMail(ses, "\u68da\u5378 <stocktake@example.com>", List.of("a@example.com"), null)
                .send(new SesMail.Email("s", "t", "<p>h</p>", List.of()));

        assertThat(SentEmails.all().getFirst().from()).isEqualTo("=?UTF-8?B?5qOa5Y24?= <stocktake@example.com>");
        assertThat(SesMail.address("Stocktake <stocktake@example.com>")).isEqualTo("Stocktake <stocktake@example.com>");
        assertThat(SesMail.address("stocktake@example.com")).isEqualTo("stocktake@example.com");
    }

    @Test
    void a_long_sender_name_is_split_into_encoded_words_of_at_most_75_characters() {
        String name = "\u68da\u5378".repeat(20);
        String encoded = SesMail.address(name + " <stocktake@example.com>");

        assertThat(encoded).endsWith(" <stocktake@example.com>");
        List<String> words = List.of(encoded.substring(0, encoded.lastIndexOf(" <")).split(" "));
        assertThat(words).hasSizeGreaterThan(1).allSatisfy(word -> assertThat(word).startsWith("=?UTF-8?B?").endsWith("?=")
                .hasSizeLessThanOrEqualTo(75));
        assertThat(String.join("", words.stream().map(word -> new String(Base64.getDecoder()
                .decode(word.substring(10, word.length() - 2)), StandardCharsets.UTF_8)).toList())).isEqualTo(name);
    }

    @Test
    void line_breaks_in_a_subject_become_spaces_and_an_ascii_subject_is_left_as_it_is() {
        assertThat(SesMail.subject("IAM user created: a\r\nBcc: x")).isEqualTo("IAM user created: a Bcc: x");
        assertThat(SesMail.subject("Stocktake: no credential reports for 2026-03-15"))
                .isEqualTo("Stocktake: no credential reports for 2026-03-15");
    }
}
