package dev.stocktake.infra;

import dev.stocktake.infra.config.StocktakeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;

/** Builds the app the way {@code StocktakeApp.main} does, from test configs and fixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path resourcePath(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StocktakeConfig config(String resource) {
        return StocktakeConfig.parse(resource(resource), StocktakeApp.knownRegions());
    }

    /**
     * The repository paths; {@code -Dstocktake.collectorJar} points at another jar while the real
     * one is being rebuilt (CI builds the real one first).
     */
    public static RepoPaths paths() {
        RepoPaths paths = RepoPaths.locate();
        String jar = System.getProperty("stocktake.collectorJar");
        String directoryJar = System.getProperty("stocktake.directoryJar");
        RepoPaths withCollector = jar != null && !jar.isBlank() ? paths.withCollectorJar(Path.of(jar)) : paths;
        RepoPaths withDirectory = directoryJar != null && !directoryJar.isBlank() ? withCollector.withDirectoryJar(Path.of(directoryJar)) : withCollector;
        String notifierJar = System.getProperty("stocktake.notifierJar");
        RepoPaths withNotifier = notifierJar != null && !notifierJar.isBlank() ? withDirectory.withNotifierJar(Path.of(notifierJar)) : withDirectory;
        String compactionJar = System.getProperty("stocktake.compactionJar");
        RepoPaths withCompaction = compactionJar != null && !compactionJar.isBlank() ? withNotifier.withCompactionJar(Path.of(compactionJar)) : withNotifier;
        String identityCenterJar = System.getProperty("stocktake.identityCenterJar");
        return identityCenterJar != null && !identityCenterJar.isBlank()
                ? withCompaction.withIdentityCenterJar(Path.of(identityCenterJar)) : withCompaction;
    }

    /** A JSON document as maps and lists. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> jsonMap(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, java.util.Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test fixture's athena-sql directory (two views with an order file, two queries). */
    public static RepoPaths fixturePaths() {
        return paths().withAthenaSqlDir(resourcePath("fixture/athena-sql"));
    }

    private static final java.util.Map<String, StocktakeApp.Stacks> APPS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A whole app defined from a test config and SQL directory; defined once per JVM and shared by
     * the test classes (the stacks are only read, and synthesizing again is allowed).
     */
    public static StocktakeApp.Stacks stacks(String configResource, RepoPaths paths) {
        return APPS.computeIfAbsent(configResource + "|" + paths, key -> define(configResource, paths));
    }

    private static StocktakeApp.Stacks define(String configResource, RepoPaths paths) {
        try {
            Path out = Files.createTempDirectory("stocktake-cdk");
            App app = StocktakeApp.newApp(out.resolve("cdk.out").toString());
            return StocktakeApp.define(app, config(configResource), paths, out.resolve("member"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
