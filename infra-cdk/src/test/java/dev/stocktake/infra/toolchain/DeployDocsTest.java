package dev.stocktake.infra.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stocktake.infra.RepoPaths;
import dev.stocktake.infra.config.StocktakeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What docs/deploy.md and the README promise a first-time deployer: one table with every config setting the loader
 * reads, the same deploy commands everywhere, and links that lead somewhere.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeployDocsTest {
    private static final Path ROOT = RepoPaths.locate().root();
    private static final Path DEPLOY = ROOT.resolve("docs/deploy.md");
    /** A row of the configuration table: its first cell names one setting or several ({@code `a` / `b`}). */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| ((?:`[A-Za-z.]+`(?: / )?)+) \\|");
    private static final Pattern KEY = Pattern.compile("`([A-Za-z.]+)`");
    /** {@code [text](target)}, not an image's URL nor an absolute one. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");

    @Test
    void the_configuration_table_lists_every_setting_the_loader_reads_and_no_other() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(DEPLOY)) {
            if (line.startsWith("| Setting | Required | Default | Meaning |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inTable && row.find()) {
                Matcher key = KEY.matcher(row.group(1));
                while (key.find()) {
                    documented.add(key.group(1));
                }
            }
        }
        List<String> keys = StocktakeConfig.keys();
        assertThat(documented).as("docs/deploy.md's table under '| Setting | Required | Default | Meaning |'")
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void every_deploy_and_destroy_command_in_the_docs_is_exclusive_and_names_its_accounts_profile() throws IOException {
        // deploy.md: --exclusively keeps the CLI from also deploying a stack's dependencies, which live in other accounts;
        // --profile says whose credentials each stack needs (deploy.md's table of profiles)
        Pattern command = Pattern.compile("\\bcdk\\s+(deploy|destroy)\\b(.*)");
        List<String> offenders = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = command.matcher(lines.get(i));
                if (m.find() && !(m.group(2).contains("--exclusively") && m.group(2).contains("--profile stocktake-"))) {
                    offenders.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offenders).as("deploy and destroy one stack at a time, with its account's profile: npx cdk deploy --exclusively <stack> --profile stocktake-<role>").isEmpty();
    }

    @Test
    void every_relative_link_of_the_readme_and_the_docs_exists_with_its_anchor() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            String text = Files.readString(doc);
            Matcher link = LINK.matcher(withoutCode(text));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash >= 0 ? target.substring(0, hash) : target;
                String anchor = hash >= 0 ? target.substring(hash + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading in " + ROOT.relativize(resolved) + ")");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void the_readme_stays_short() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).as("README.md lines (details go to docs/)").hasSizeLessThanOrEqualTo(150);
    }

    /** The text with fenced code blocks blanked (a link-like string in code is not a link). */
    private static String withoutCode(String text) {
        return text.replaceAll("(?s)```.*?```", "");
    }

    /** GitHub's heading anchors of a Markdown file: lower case, punctuation dropped, spaces to '-', repeats numbered. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCode(Files.readString(markdown)).lines().toList()) {
            if (!line.startsWith("#")) {
                continue;
            }
            String heading = line.replaceFirst("^#+\\s*", "").strip();
            String slug = heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(path -> path.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        }
        return docs;
    }
}
