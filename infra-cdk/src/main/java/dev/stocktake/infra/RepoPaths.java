package dev.stocktake.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files the app deploys live: the collector jar and athena-sql's views and queries.
 *
 * @param root the repository root
 * @param athenaSqlDir athena-sql's directory (its {@code views/} and {@code queries/})
 * @param collectorJarPath the collector's shaded jar
 * @param directoryJarPath the account directory's shaded jar (the directory job and the coverage check)
 * @param notifierJarPath the notifier's shaded jar (the daily digest and the real-time alerts)
 * @param compactionJarPath the compaction job's shaded jar
 * @param identityCenterJarPath the Identity Center exporter's shaded jar
 */
public record RepoPaths(Path root, Path athenaSqlDir, Path collectorJarPath, Path directoryJarPath, Path notifierJarPath,
                        Path compactionJarPath, Path identityCenterJarPath) {
    /** The command that builds the collector jar, quoted in the error when it is missing. */
    public static final String BUILD_COLLECTOR = "./mvnw -q -pl collector-lambda -am package -DskipTests";
    /** The command that builds the account directory jar. */
    public static final String BUILD_DIRECTORY = "./mvnw -q -pl account-directory -am package -DskipTests";
    /** The command that builds the notifier jar. */
    public static final String BUILD_NOTIFIER = "./mvnw -q -pl notifier-lambda -am package -DskipTests";
    /** The command that builds the compaction jar. */
    public static final String BUILD_COMPACTION = "./mvnw -q -pl compaction-lambda -am package -DskipTests";
    /** The command that builds the Identity Center exporter jar. */
    public static final String BUILD_IDENTITY_CENTER = "./mvnw -q -pl identity-center-export -am package -DskipTests";

    /** The standard layout under a repository root. */
    public static RepoPaths of(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return new RepoPaths(r, r.resolve("athena-sql"), r.resolve("collector-lambda/target/stocktake-collector.jar"),
                r.resolve("account-directory/target/stocktake-account-directory.jar"),
                r.resolve("notifier-lambda/target/stocktake-notifier.jar"),
                r.resolve("compaction-lambda/target/stocktake-compaction.jar"),
                r.resolve("identity-center-export/target/identity-center-export.jar"));
    }

    /**
     * Finds the repository root: the {@code stocktake.root} system property (set by Maven), else the
     * nearest directory at or above the working directory that holds {@code athena-sql/}.
     */
    public static RepoPaths locate() {
        String property = System.getProperty("stocktake.root");
        if (property != null && !property.isBlank()) {
            return of(Path.of(property));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("athena-sql")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return of(p);
            }
        }
        throw new IllegalStateException("cannot find the Stocktake repository root above " + dir
                + " (set -Dstocktake.root=<repo>)");
    }

    public RepoPaths withAthenaSqlDir(Path dir) {
        return new RepoPaths(root, dir, collectorJarPath, directoryJarPath, notifierJarPath, compactionJarPath,
                identityCenterJarPath);
    }

    public RepoPaths withCollectorJar(Path jar) {
        return new RepoPaths(root, athenaSqlDir, jar, directoryJarPath, notifierJarPath, compactionJarPath,
                identityCenterJarPath);
    }

    public RepoPaths withDirectoryJar(Path jar) {
        return new RepoPaths(root, athenaSqlDir, collectorJarPath, jar, notifierJarPath, compactionJarPath,
                identityCenterJarPath);
    }

    /** The account directory's shaded jar; fails with the command that builds it when it is missing. */
    public Path directoryJar() {
        if (!Files.isRegularFile(directoryJarPath)) {
            throw new IllegalStateException("The account directory jar " + directoryJarPath + " does not exist. Build it first, from "
                    + root + ": " + BUILD_DIRECTORY);
        }
        return directoryJarPath;
    }

    public RepoPaths withNotifierJar(Path jar) {
        return new RepoPaths(root, athenaSqlDir, collectorJarPath, directoryJarPath, jar, compactionJarPath,
                identityCenterJarPath);
    }

    /** The notifier's shaded jar; fails with the command that builds it when it is missing. */
    public Path notifierJar() {
        if (!Files.isRegularFile(notifierJarPath)) {
            throw new IllegalStateException("The notifier jar " + notifierJarPath + " does not exist. Build it first, from "
                    + root + ": " + BUILD_NOTIFIER);
        }
        return notifierJarPath;
    }

    public RepoPaths withCompactionJar(Path jar) {
        return new RepoPaths(root, athenaSqlDir, collectorJarPath, directoryJarPath, notifierJarPath, jar,
                identityCenterJarPath);
    }

    /** The compaction job's shaded jar; fails with the command that builds it when it is missing. */
    public Path compactionJar() {
        if (!Files.isRegularFile(compactionJarPath)) {
            throw new IllegalStateException("The compaction jar " + compactionJarPath + " does not exist. Build it first, from "
                    + root + ": " + BUILD_COMPACTION);
        }
        return compactionJarPath;
    }

    public RepoPaths withIdentityCenterJar(Path jar) {
        return new RepoPaths(root, athenaSqlDir, collectorJarPath, directoryJarPath, notifierJarPath, compactionJarPath, jar);
    }

    /** The Identity Center exporter's shaded jar; fails with the command that builds it when it is missing. */
    public Path identityCenterJar() {
        if (!Files.isRegularFile(identityCenterJarPath)) {
            throw new IllegalStateException("The Identity Center exporter jar " + identityCenterJarPath + " does not exist. "
                    + "Build it first, from " + root + ": " + BUILD_IDENTITY_CENTER
                    + " (or set identityCenter.enabled to false in the config)");
        }
        return identityCenterJarPath;
    }

    /** The collector's shaded jar; fails with the command that builds it when it is missing. */
    public Path collectorJar() {
        if (!Files.isRegularFile(collectorJarPath)) {
            throw new IllegalStateException("The collector jar " + collectorJarPath + " does not exist. Build it first, from "
                    + root + ": " + BUILD_COLLECTOR);
        }
        return collectorJarPath;
    }

    public Path viewsDir() {
        return athenaSqlDir.resolve("views");
    }

    public Path queriesDir() {
        return athenaSqlDir.resolve("queries");
    }

    public Path defaultConfig() {
        return root.resolve("infra-cdk/stocktake.config.json");
    }
}
