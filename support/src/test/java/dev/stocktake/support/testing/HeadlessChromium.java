package dev.stocktake.support.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's headless Chromium driven through the DevTools protocol over the JDK's WebSocket: no extra dependency.
 * Collects console errors, uncaught exceptions and every URL the page requests. Used by the dashboard's and the
 * digest email's browser tests (test-jar of this module); never skipped: without Chromium the test fails, saying how
 * to install it.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    public final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());
    public final List<String> requestedUrls = Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary: {@code /usr/bin/chromium} (Debian's package), else {@code chromium} on the PATH. */
    public static String binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "chromium"))) {
                return Path.of(dir, "chromium").toString();
            }
        }
        throw new IllegalStateException("Chromium is not installed; the dashboard's browser test needs it. "
                + "Install Debian's package: apt-get install chromium (./scripts/test does this when it can).");
    }

    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("stocktake-chromium-");
        Process process = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserUrl = null;
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < end && (line = stderr.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                browserUrl = matcher.group(1);
                break;
            }
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not start its DevTools endpoint:\n" + seen);
        }
        // keep draining stderr so the browser never blocks on a full pipe
        Thread.ofVirtual().start(() -> {
            try {
                while (stderr.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // the browser is gone
            }
        });
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String pageUrl = null;
        for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://" + browser.getAuthority() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body())) {
            if ("page".equals(target.path("type").asText())) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium has no page to drive");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(self);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).join();
        HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
        self[0] = chromium;
        chromium.call("Runtime.enable", Map.of());
        chromium.call("Log.enable", Map.of());
        chromium.call("Network.enable", Map.of());
        chromium.call("Page.enable", Map.of());
        chromium.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        return chromium;
    }

    /**
     * Sets the window (the layout viewport) to {@code width} × {@code height} CSS pixels, as a desktop browser window of
     * that size: the page reflows and fires {@code resize}.
     */
    public void resize(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /**
     * How far the page scrolls sideways: {@code document.scrollingElement.scrollWidth} against {@code innerWidth}, after
     * the page has had {@code settleMillis} to react to a resize.
     */
    public PageWidth pageWidth(int settleMillis) {
        JsonNode width = evaluate("new Promise(done => setTimeout(() => done({scroll: document.scrollingElement.scrollWidth,"
                + " window: window.innerWidth}), " + settleMillis + "))");
        return new PageWidth(width.path("scroll").asInt(), width.path("window").asInt());
    }

    /** @param scrollWidth the page's width with everything that overflows; {@code <= window} when nothing scrolls sideways */
    public record PageWidth(int scrollWidth, int window) {

        public boolean overflows() {
            return scrollWidth > window;
        }
    }

    /** Opens {@code file} and waits until {@code readyExpression} is true. */
    public void open(Path file, String readyExpression) {
        call("Page.navigate", Map.of("url", file.toUri().toString()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < end) {
            try {
                if (evaluate(readyExpression).asBoolean(false)) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the page is still loading (no body yet, or the old document's context was just destroyed)
                last = e.getMessage();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the page was not ready within 30 s (" + readyExpression + "); last: " + last
                + "; console errors: " + consoleErrors);
    }

    /** Evaluates a JavaScript expression in the page; its value as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + expression + ": " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page (not only the window). */
    public void screenshot(Path file) throws IOException {
        JsonNode metrics = call("Page.getLayoutMetrics", Map.of());
        double height = metrics.path("cssContentSize").path("height").asDouble(2000);
        double width = metrics.path("cssContentSize").path("width").asDouble(1400);
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    public JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode message = answer.get(30, TimeUnit.SECONDS);
            if (message.has("error")) {
                throw new IllegalStateException(method + " failed: " + message.path("error"));
            }
            return message.path("result");
        } catch (Exception e) {
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(method + " failed: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.path("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText()) || "assert".equals(params.path("type").asText())) {
                    consoleErrors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> consoleErrors.add("uncaught: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if ("error".equals(params.path("entry").path("level").asText())) {
                    consoleErrors.add("log: " + params.path("entry").path("text").asText() + " "
                            + params.path("entry").path("url").asText());
                }
            }
            case "Network.requestWillBeSent" -> requestedUrls.add(params.path("request").path("url").asText());
            default -> {
                // not needed
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        // Chromium's helper processes (renderer, network, GPU) write the profile too: stop them all before deleting it
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            helper.onExit().completeOnTimeout(helper, 10, TimeUnit.SECONDS).join();
        }
        try (var paths = Files.walk(profile)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file that vanished while the folder was walked: it is a temporary folder, and the browser is gone
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    HeadlessChromium chromium = owner[0];
                    JsonNode message = JSON.readTree(text);
                    if (chromium != null) {
                        chromium.onMessage(message);
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
