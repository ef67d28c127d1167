package dev.stocktake.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the emulator's {@code GetCredentialReport} answer (query-protocol XML with the CSV in base64) for a
 * {@link FaultInjectingProxy.ResponseTransformer}: the report body and its {@code GeneratedTime}. Used where the
 * emulator cannot produce what AWS would (moto's report never records use, and its {@code GeneratedTime} is fixed).
 */
public final class CredentialReportResponses {

    private static final Pattern CONTENT = Pattern.compile("<Content>([^<]*)</Content>");
    private static final Pattern GENERATED_TIME = Pattern.compile("<GeneratedTime>([^<]*)</GeneratedTime>");

    private CredentialReportResponses() {
    }

    /**
     * @param xml the emulator's response
     * @param report turns the report's CSV text into the CSV the client should see
     * @param generatedTime the {@code GeneratedTime} the client should see
     * @return the rewritten response; the input unchanged when it holds no report
     */
    public static byte[] rewrite(byte[] xml, UnaryOperator<String> report, Instant generatedTime) {
        String text = new String(xml, StandardCharsets.UTF_8);
        Matcher content = CONTENT.matcher(text);
        if (!content.find()) {
            return xml;
        }
        String csv = new String(Base64.getMimeDecoder().decode(content.group(1).strip()), StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(report.apply(csv).getBytes(StandardCharsets.UTF_8));
        text = text.substring(0, content.start(1)) + encoded + text.substring(content.end(1));
        Matcher generated = GENERATED_TIME.matcher(text);
        if (generated.find()) {
            text = text.substring(0, generated.start(1)) + generatedTime.truncatedTo(ChronoUnit.SECONDS)
                    + text.substring(generated.end(1));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
