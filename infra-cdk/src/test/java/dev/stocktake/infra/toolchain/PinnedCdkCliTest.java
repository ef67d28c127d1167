package dev.stocktake.infra.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stocktake.infra.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Deploying runs the CDK CLI with administrator credentials, so it is the version pinned in infra-cdk/package.json,
 * installed from the lockfile ({@code npm ci}) and run as {@code npx cdk}: never whatever {@code npx aws-cdk@2}
 * resolves to on the day.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PinnedCdkCliTest {

    private static final Path ROOT = RepoPaths.locate().root();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLI_COMMAND = Pattern.compile("(\\S+\\s+)?\\bcdk\\s+(deploy|destroy|synth|bootstrap|diff)\\b");

    @Test
    void package_json_pins_one_exact_cli_version_and_the_lockfile_holds_it_with_its_integrity() throws IOException {
        JsonNode manifest = JSON.readTree(ROOT.resolve("infra-cdk/package.json").toFile());
        String version = manifest.path("devDependencies").path("aws-cdk").asText();
        assertThat(version).as("an exact version, no range").matches("\\d+\\.\\d+\\.\\d+");

        JsonNode lock = JSON.readTree(ROOT.resolve("infra-cdk/package-lock.json").toFile());
        JsonNode cli = lock.path("packages").path("node_modules/aws-cdk");
        assertThat(cli.path("version").asText()).isEqualTo(version);
        assertThat(cli.path("integrity").asText()).startsWith("sha512-");
    }

    @Test
    void every_cdk_command_in_the_docs_runs_the_pinned_cli() throws IOException {
        List<String> unpinned = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("npx aws-cdk")) {
                    unpinned.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + line.strip());
                }
                Matcher command = CLI_COMMAND.matcher(line);
                while (command.find()) {
                    if (command.group(1) == null || !command.group(1).strip().endsWith("npx")) {
                        unpinned.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(unpinned).as("run the CLI as `npx cdk …` from infra-cdk/ after `npm ci`").isEmpty();
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(path -> path.toString().endsWith(".md")).forEach(docs::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        }
        return docs;
    }
}
