package dev.stocktake.notifier.slack;

import dev.stocktake.support.aws.AwsErrors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.notifier.idempotency.DeliveryException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Posts a message to a Slack incoming webhook whose URL is kept in Secrets Manager (read on every send, so a rotated
 * URL is used at once). The secret's value is the URL itself, or JSON with a {@code url} (or {@code webhookUrl})
 * field. The URL is a credential: it is never logged nor put in an error message.
 *
 * <p>A 429 or 5xx answer is retried (at most {@value #ATTEMPTS} attempts, waiting per {@link Backoff} and never past
 * the deadline); any other non-2xx answer fails at once. Either way nothing was posted, so a later run may try again.
 * A request that times out may have been posted: it fails as "maybe sent".
 */
public final class SlackWebhook {

    public static final String CHANNEL = "slack";
    /** Where Slack's incoming webhooks live; another host only when the configuration names it. */
    public static final String DEFAULT_HOST = "hooks.slack.com";
    static final int ATTEMPTS = 3;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final SecretsManagerClient secrets;
    private final String secretArn;
    private final String allowedHost;
    private final HttpClient http;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * @param allowedHost the only host an https webhook URL may name ({@link #DEFAULT_HOST} unless configured): whoever
     *                    can write the secret must not be able to send the messages somewhere else
     */
    public SlackWebhook(SecretsManagerClient secrets, String secretArn, String allowedHost, HttpClient http, Backoff backoff,
                        Sleeper sleeper, RandomGenerator random) {
        this.secrets = secrets;
        this.secretArn = secretArn;
        this.allowedHost = allowedHost;
        this.http = http;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** An HTTP client for the webhook: the JDK's, short timeouts, no redirects (Slack answers directly). */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Posts {@code payload} (the JSON of {@link SlackMessage#render}).
     *
     * @return a receipt for the delivery marker, e.g. {@code HTTP 200 ok}
     * @throws DeliveryException when Slack did not take it
     */
    public String post(String payload, Deadline deadline) {
        URI url = webhookUrl();
        String last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                Duration wait = backoff.delay(attempt - 1, random);
                if (!deadline.allows(wait)) {
                    break;
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeliveryException(CHANNEL, true, "interrupted before retrying; last answer: " + last, e);
                }
            }
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(Math.max(1, Math.min(10, deadline.remaining().toSeconds()))))
                                .header("Content-Type", "application/json; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new DeliveryException(CHANNEL, false, "the webhook did not answer in time; the message may have "
                        + "been posted, so it is not posted again today", e);
            } catch (IOException e) {
                throw new DeliveryException(CHANNEL, false, "the connection to the webhook failed (" + e.getClass().getSimpleName()
                        + "); the message may have been posted, so it is not posted again today", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException(CHANNEL, false, "interrupted while posting", e);
            }
            int status = response.statusCode();
            String body = shorten(response.body());
            if (status / 100 == 2) {
                return "HTTP " + status + " " + body;
            }
            last = "HTTP " + status + " " + body;
            if (status != 429 && status < 500) {
                throw new DeliveryException(CHANNEL, true, "the webhook refused the message: " + last
                        + (status == 403 || status == 404 || status == 410
                        ? " (the webhook URL in " + secretArn + " is revoked or wrong: put a working one into the secret)" : ""), null);
            }
        }
        throw new DeliveryException(CHANNEL, true, "the webhook kept failing: " + last + "; nothing was posted, the next "
                + "run will post it", null);
    }

    private URI webhookUrl() {
        String value;
        try {
            value = secrets.getSecretValue(request -> request.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw new DeliveryException(CHANNEL, true, "cannot read the webhook URL from secret " + secretArn + ": "
                    + AwsErrors.describe(e), e);
        }
        String url = value == null ? null : value.strip();
        if (url != null && url.startsWith("{")) {
            url = urlField(url);
        }
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        boolean loopback = uri != null && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        if (uri == null || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new DeliveryException(CHANNEL, true, "secret " + secretArn + " does not hold a webhook URL: expected "
                    + "https://hooks.slack.com/services/... as the secret string, or JSON {\"url\": \"https://...\"}", null);
        }
        // the host only, never the URL: the URL is the credential
        if (!loopback && !allowedHost.equalsIgnoreCase(uri.getHost())) {
            throw new DeliveryException(CHANNEL, true, "the webhook URL in secret " + secretArn + " points at host "
                    + uri.getHost() + ", not " + allowedHost + ": nothing was posted. Put a Slack webhook URL into the secret, "
                    + "or name the other host in the config (notifier.slackWebhookHost)", null);
        }
        return uri;
    }

    private static String urlField(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (("url".equals(name) || "webhookUrl".equals(name)) && value == JsonToken.VALUE_STRING) {
                    return parser.getText().strip();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String shorten(String body) {
        if (body == null) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "\u2026" : line;
    }
}
