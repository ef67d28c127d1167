package dev.stocktake.notifier.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a raw MIME message back the way a mail client would: headers, and every leaf part decoded. */
public final class Mime {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"]+)\"");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=");

    /** A leaf part: its headers (names lower case) and its decoded content. */
    public record Part(Map<String, String> headers, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        public String disposition() {
            return headers.getOrDefault("content-disposition", "");
        }
    }

    /** A whole message: its top-level headers and its leaf parts in order. */
    public record Message(Map<String, String> headers, List<Part> parts) {
        public String subject() {
            Matcher matcher = ENCODED_WORD.matcher(headers.getOrDefault("subject", ""));
            StringBuilder subject = new StringBuilder();
            boolean any = false;
            while (matcher.find()) {
                subject.append(new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8));
                any = true;
            }
            return any ? subject.toString() : headers.getOrDefault("subject", "");
        }

        public Part part(String contentTypePrefix) {
            return parts.stream().filter(p -> p.contentType().startsWith(contentTypePrefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + contentTypePrefix + " part in " + parts.stream().map(Part::contentType).toList()));
        }
    }

    private Mime() {
    }

    public static Message parse(String raw) {
        String text = raw.replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        Map<String, String> headers = headers(text.substring(0, split));
        List<Part> parts = new ArrayList<>();
        leaves(headers, text.substring(split + 2), parts);
        return new Message(headers, parts);
    }

    private static void leaves(Map<String, String> headers, String body, List<Part> parts) {
        String type = headers.getOrDefault("content-type", "text/plain");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            Matcher matcher = BOUNDARY.matcher(type);
            if (!matcher.find()) {
                throw new AssertionError("multipart without boundary: " + type);
            }
            String boundary = "--" + matcher.group(1);
            String[] chunks = body.split(Pattern.quote(boundary));
            for (int i = 1; i < chunks.length; i++) {
                String chunk = chunks[i];
                if (chunk.startsWith("--")) {
                    break;
                }
                chunk = chunk.startsWith("\n") ? chunk.substring(1) : chunk;
                int split = chunk.indexOf("\n\n");
                leaves(headers(chunk.substring(0, split)), chunk.substring(split + 2), parts);
            }
            return;
        }
        byte[] content = "base64".equalsIgnoreCase(headers.getOrDefault("content-transfer-encoding", ""))
                ? Base64.getMimeDecoder().decode(body.strip())
                : body.getBytes(StandardCharsets.UTF_8);
        parts.add(new Part(headers, content));
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        String name = null;
        for (String line : block.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && name != null) {
                headers.put(name, headers.get(name) + line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                headers.put(name, line.substring(colon + 1).strip());
            }
        }
        return headers;
    }
}
