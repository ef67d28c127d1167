package dev.stocktake.notifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Every SES v2 {@code SendEmail} call of this test JVM that SES answered with success, as the SDK put it on the wire
 * (the JSON body, read back with Jackson, not with the code that built it). The emulator keeps neither the text body
 * nor the attachments of an email with simple content, so the tests read those here. Registered for every SDK client
 * through {@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources.
 */
public final class SentEmails implements ExecutionInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Email> SENT = new CopyOnWriteArrayList<>();

    /** An attached file as the request carries it. */
    public record Attachment(String fileName, String contentType, String disposition, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** One sent email: sender, To addresses, subject and both bodies with their charsets, attachments. */
    public record Email(String from, List<String> to, String subject, String subjectCharset, String text, String textCharset,
                        String html, String htmlCharset, List<Attachment> attachments) {

        public Attachment attachment(String contentTypePrefix) {
            return attachments.stream().filter(a -> a.contentType().startsWith(contentTypePrefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + contentTypePrefix + " attachment in "
                            + attachments.stream().map(Attachment::contentType).toList()));
        }
    }

    /** The emails sent since the last {@link #clear()}, oldest first. */
    public static List<Email> all() {
        return List.copyOf(SENT);
    }

    public static void clear() {
        SENT.clear();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        if (context.request() instanceof SendEmailRequest) {
            RequestBody body = context.requestBody().orElseThrow(() -> new AssertionError("SendEmail without a body"));
            try (InputStream in = body.contentStreamProvider().newStream()) {
                SENT.add(read(JSON.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Email read(JsonNode request) {
        JsonNode simple = request.path("Content").path("Simple");
        if (simple.isMissingNode()) {
            throw new AssertionError("not an email with simple content: " + request.path("Content"));
        }
        List<String> to = new ArrayList<>();
        request.path("Destination").path("ToAddresses").forEach(address -> to.add(address.asText()));
        List<Attachment> attachments = new ArrayList<>();
        simple.path("Attachments").forEach(a -> attachments.add(new Attachment(a.path("FileName").asText(),
                a.path("ContentType").asText(), a.path("ContentDisposition").asText(),
                Base64.getDecoder().decode(a.path("RawContent").asText()))));
        JsonNode body = simple.path("Body");
        return new Email(request.path("FromEmailAddress").asText(), to, simple.path("Subject").path("Data").asText(),
                simple.path("Subject").path("Charset").asText(null), body.path("Text").path("Data").asText(null),
                body.path("Text").path("Charset").asText(null), body.path("Html").path("Data").asText(null),
                body.path("Html").path("Charset").asText(null), attachments);
    }
}
