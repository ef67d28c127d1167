package dev.stocktake.infra.config;

import dev.stocktake.allowlist.IdentityMapping;
import dev.stocktake.allowlist.IdentityMappingException;
import dev.stocktake.allowlist.MigrationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three files the central stack deploys for the migration views, beside the allowlist: the repository's identity
 * mapping (validated at synth with {@link IdentityMapping#parse(Path)}, deployed byte for byte) and the two CSVs
 * {@link MigrationSettings} generates from the config's {@code migration} section.
 *
 * @param identityMapping    the identity mapping file's bytes, {@value StocktakeConfig#IDENTITY_MAPPING_PREFIX}
 *                           {@value StocktakeConfig#IDENTITY_MAPPING_FILE}
 * @param migrationSettings  {@code migration-settings.csv} ({@link MigrationSettings#settingsCsv()})
 * @param milestones         {@code milestones.csv} ({@link MigrationSettings#milestonesCsv()})
 */
public record MigrationFiles(byte[] identityMapping, byte[] migrationSettings, byte[] milestones) {

    /**
     * Reads and validates the identity mapping file of {@code migration.identityMappingFile} (relative to the repository
     * root, or absolute) and renders the settings and milestones CSVs.
     *
     * @throws ConfigException naming {@code migration.identityMappingFile} and, for an invalid file, each bad line and
     *                         field as {@code ./stocktake mapping check} reports them
     */
    public static MigrationFiles load(MigrationSettings settings, Path repositoryRoot) {
        Path path = repositoryRoot.resolve(settings.identityMappingFile()).toAbsolutePath().normalize();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
            IdentityMapping.parse(path);
        } catch (IOException e) {
            throw new ConfigException(List.of("migration.identityMappingFile: cannot read " + path + " ("
                    + e.getClass().getSimpleName() + "); create it (a header line " + IdentityMapping.HEADER
                    + " is enough; see allowlist/README.md) or point migration.identityMappingFile at it"));
        } catch (IdentityMappingException e) {
            throw new ConfigException(List.of("migration.identityMappingFile: " + e.getMessage()
                    + "\n    fix it (./stocktake mapping check " + path + ") before deploying"));
        }
        return new MigrationFiles(content, settings.settingsCsv().getBytes(StandardCharsets.UTF_8),
                settings.milestonesCsv().getBytes(StandardCharsets.UTF_8));
    }
}
