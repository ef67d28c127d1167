package dev.stocktake.sql.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.stocktake.sql.table.TableDefinition;

/**
 * The embedded engine's catalog: Trino's file metastore, written with the tables exactly as Glue holds them for
 * Athena, so the engine reads the shipped definitions (projection included) and not a local variant.
 */
final class FileMetastore {

    private FileMetastore() {
    }

    /** An absolute path as a Trino location path ending in '/', e.g. {@code /data/reports/}. */
    static String location(Path path) {
        String location = path.toAbsolutePath().normalize().toString().replace('\\', '/');
        return location.endsWith("/") ? location : location + "/";
    }

    /**
     * Writes the schema and the table into a file metastore as Glue would hold them: an EXTERNAL_TABLE with the
     * SerDe and formats by class name, the table parameters (projection included) and the location.
     */
    static void write(Path metastore, String schemaName, List<TableDefinition> tables) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        // the file metastore keeps a schema's metadata beside its folder: <catalog>/.<schema>.trinoSchema
        Path schema = Files.createDirectories(metastore.resolve(schemaName));
        json.writeValue(metastore.resolve("." + schemaName + ".trinoSchema").toFile(), Map.of(
                "ownerName", "public",
                "ownerType", "ROLE",
                "parameters", Map.of()));
        for (TableDefinition table : tables) {
            writeTable(json, schema, table);
        }
    }

    private static void writeTable(ObjectMapper json, Path schema, TableDefinition table) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("comment", table.comment());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("owner", "hadoop");
        metadata.put("tableType", "EXTERNAL_TABLE");
        metadata.put("dataColumns", columns(table.columns()));
        metadata.put("partitionColumns", columns(table.partitionKeys()));
        metadata.put("parameters", parameters);
        metadata.put("originalStorageFormat", Map.of(
                "serde", table.serde().library(),
                "inputFormat", table.inputFormat(),
                "outputFormat", table.outputFormat()));
        metadata.put("serdeParameters", table.serde().parameters());
        metadata.put("externalLocation", table.location());
        metadata.put("columnStatistics", Map.of());
        Path tableDirectory = Files.createDirectories(schema.resolve(table.name()));
        json.writeValue(tableDirectory.resolve(".trinoSchema").toFile(), metadata);
    }

    private static List<Map<String, String>> columns(List<TableDefinition.Column> columns) {
        return columns.stream().map(column -> Map.of("name", column.name(), "type", column.type())).toList();
    }
}
