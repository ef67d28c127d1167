package dev.stocktake.infra.config;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The allowlist the central stack deploys to {@code s3://<bucket>/allowlist/allowlist.csv}.
 *
 * @param file the allowlist file, relative to the repository root (or absolute); default {@value #DEFAULT_FILE}
 */
public record AllowlistOptions(String file) {
    public static final String DEFAULT_FILE = "allowlist/allowlist.csv";
    /** Where the allowlist is deployed in the report bucket; the prefix holds {@code allowlist.csv} only. */
    public static final String PREFIX = "allowlist/";
    /** The deployed object's name under {@link #PREFIX}. */
    public static final String OBJECT_NAME = "allowlist.csv";

    /** The file, resolved against the repository root. */
    public Path path(Path repositoryRoot) {
        return repositoryRoot.resolve(file).toAbsolutePath().normalize();
    }

    /**
     * Reads and validates the file with {@link Allowlist#parse}: the content to deploy.
     *
     * @throws ConfigException naming {@code allowlist.file} and, for an invalid file, each bad line and field as
     *                         {@code ./stocktake allowlist check} reports them
     */
    public byte[] load(Path repositoryRoot) {
        Path path = path(repositoryRoot);
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(List.of("allowlist.file: cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); create it (see docs/allowlist.md) or point allowlist.file at it"));
        }
        try {
            Allowlist.parse(path.toString(), content);
        } catch (AllowlistException e) {
            throw new ConfigException(List.of("allowlist.file: " + e.getMessage()
                    + "\n    fix it (./stocktake allowlist check " + path + ") before deploying"));
        }
        return content;
    }

    /**
     * Reads and validates the {@code allowlist} section.
     *
     * @param reportPrefix the reports' prefix, which must not be under {@link #PREFIX}
     */
    static AllowlistOptions read(ConfigSection s, String reportPrefix) {
        String file = s.text("file", DEFAULT_FILE);
        if (file.isBlank() || !file.endsWith(".csv") || file.indexOf('\0') >= 0) {
            s.problem("file", "'" + file + "' must be the path of a .csv file, relative to the repository root "
                    + "(default " + DEFAULT_FILE + ")");
        }
        if (reportPrefix.startsWith(PREFIX)) {
            s.rootProblem("reportPrefix", "'" + reportPrefix + "' is under " + PREFIX
                    + ", where the allowlist is deployed; choose another");
        }
        return new AllowlistOptions(file);
    }
}
