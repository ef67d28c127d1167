package dev.stocktake.cli.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.NodeLocation;
import io.trino.sql.tree.Explain;
import io.trino.sql.tree.ExplainAnalyze;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.ShowColumns;
import io.trino.sql.tree.ShowCreate;
import io.trino.sql.tree.ShowFunctions;
import io.trino.sql.tree.ShowStats;
import io.trino.sql.tree.ShowTables;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.WithQuery;

import dev.stocktake.sql.engine.LocalAthena;

/**
 * Checks a statement before the engine starts: its syntax with Trino's own parser (the grammar of the engine that
 * runs it, and of Athena v3), then the tables and views it reads against {@link Names}. A name qualified with
 * another schema or catalog ({@code information_schema.columns}, {@code system.runtime.queries}) and a name the
 * statement defines itself ({@code with x as (...)}) are left to the engine.
 */
public final class StatementCheck {

    private static final SqlParser PARSER = new SqlParser();

    private StatementCheck() {
    }

    /**
     * @param source where the statement came from, for the message (a file path or {@code <command line>})
     * @return the statement as parsed
     * @throws CheckFailure naming {@code source:line:column} and the problem
     */
    public static Statement check(String source, String sql, Names names) {
        Statement statement;
        try {
            statement = PARSER.createStatement(stripTrailingSemicolon(sql));
        } catch (ParsingException e) {
            throw new CheckFailure(source + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getErrorMessage());
        }
        Set<String> defined = new HashSet<>();
        List<Table> read = new ArrayList<>();
        new DefaultTraversalVisitor<Void>() {
            @Override
            protected Void visitWithQuery(WithQuery node, Void context) {
                defined.add(node.getName().getValue().toLowerCase(Locale.ROOT));
                return super.visitWithQuery(node, context);
            }

            @Override
            protected Void visitTable(Table node, Void context) {
                read.add(node);
                return super.visitTable(node, context);
            }
        }.process(statement, null);
        for (Table table : read) {
            List<String> parts = table.getName().getParts();
            String name = parts.getLast();
            boolean ours = parts.size() == 1
                    || parts.size() == 2 && parts.get(0).equals(LocalAthena.SCHEMA)
                    || parts.size() == 3 && parts.get(0).equals(LocalAthena.CATALOG) && parts.get(1).equals(LocalAthena.SCHEMA);
            if (!ours || defined.contains(name) || names.isRelation(name)) {
                continue;
            }
            NodeLocation location = table.getLocation().orElse(new NodeLocation(1, 1));
            throw new CheckFailure(source + ":" + location.getLineNumber() + ":" + location.getColumnNumber()
                    + ": no table or view named '" + name + "'" + Names.didYouMean(name, names.relations())
                    + " (the views: ./stocktake sql --list)");
        }
        return statement;
    }

    /**
     * Whether {@code statement} only reads: a query, {@code EXPLAIN} (or {@code EXPLAIN ANALYZE}, which runs what it
     * explains) of a query, or a {@code SHOW} of tables, columns, functions, statistics or a view's definition. Anything
     * else (a view created or dropped, a write) may change what later statements see.
     */
    public static boolean readsOnly(Statement statement) {
        return switch (statement) {
            case Query ignored -> true;
            case Explain explain -> explain.getStatement() instanceof Query;
            case ExplainAnalyze explain -> explain.getStatement() instanceof Query;
            case ShowTables ignored -> true;
            case ShowColumns ignored -> true;
            case ShowFunctions ignored -> true;
            case ShowStats ignored -> true;
            case ShowCreate ignored -> true;
            default -> false;
        };
    }

    private static String stripTrailingSemicolon(String sql) {
        return sql.stripTrailing().replaceFirst(";$", "");
    }

    /** A statement that would fail on the engine, found before it started. */
    public static final class CheckFailure extends RuntimeException {
        public CheckFailure(String message) {
            super(message);
        }
    }
}
