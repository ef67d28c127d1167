package dev.stocktake.cli.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.table.TableDefinition;

/**
 * What {@code stocktake sql} can name without starting the engine: the shipped views and named queries
 * ({@link SqlCatalog}) and the tables the engine defines ({@link TableDefinition}), with their columns.
 */
public final class Names {

    private final SqlCatalog catalog;
    /** Read when first needed (a statement or \d): a misspelt --view name needs only the catalog. */
    private Map<String, TableDefinition> tables;

    private Names(SqlCatalog catalog) {
        this.catalog = catalog;
    }

    /** The shipped views, queries and tables. */
    public static Names shipped() {
        return new Names(SqlCatalog.shipped());
    }

    private synchronized Map<String, TableDefinition> tableMap() {
        if (tables == null) {
            Map<String, TableDefinition> definitions = new LinkedHashMap<>();
            for (TableDefinition table : List.of(TableDefinition.credentialReportsTemplate(), TableDefinition.accountsTemplate(),
                    TableDefinition.allowlistTemplate(), TableDefinition.identityCenterTemplate(),
                    TableDefinition.iamDetailsTemplate(), TableDefinition.identityMappingTemplate(),
                    TableDefinition.migrationSettingsTemplate(), TableDefinition.milestonesTemplate(),
                    TableDefinition.reportRowsCompactedTemplate())) {
                definitions.put(table.name(), table);
            }
            tables = definitions;
        }
        return tables;
    }

    public SqlCatalog catalog() {
        return catalog;
    }

    public List<String> views() {
        return catalog.views().stream().map(SqlFile::name).toList();
    }

    public List<String> queries() {
        return catalog.queries().stream().map(SqlFile::name).toList();
    }

    /** The tables, in the order the engine defines them. */
    public Collection<TableDefinition> tables() {
        return tableMap().values();
    }

    public Optional<TableDefinition> table(String name) {
        return Optional.ofNullable(tableMap().get(name));
    }

    /** Every name a statement may read unqualified: the tables and the views. */
    public List<String> relations() {
        List<String> names = new ArrayList<>(tableMap().keySet());
        names.addAll(views());
        return names;
    }

    public boolean isRelation(String name) {
        return catalog.view(name).isPresent() || tableMap().containsKey(name);
    }

    /**
     * The candidate closest to {@code name} (Levenshtein distance, ignoring case), if it is close enough to be the
     * intended one: at most a third of the longer name's length, or a candidate that contains {@code name} (or
     * the other way round) as a word part, e.g. {@code console} for {@code console_users}.
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toLowerCase(java.util.Locale.ROOT);
        return candidates.stream()
                .filter(candidate -> isClose(wanted, candidate.toLowerCase(java.util.Locale.ROOT)))
                .min(Comparator.comparingInt((String candidate) -> distance(wanted, candidate.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code ; did you mean 'x'?} when a candidate is close, else the empty string. */
    public static String didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(candidate -> "; did you mean '" + candidate + "'?").orElse("");
    }

    private static boolean isClose(String wanted, String candidate) {
        if (wanted.length() >= 4 && (candidate.contains(wanted) || wanted.contains(candidate))) {
            return true;
        }
        return distance(wanted, candidate) <= Math.max(2, Math.max(wanted.length(), candidate.length()) / 3);
    }

    /** The Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
