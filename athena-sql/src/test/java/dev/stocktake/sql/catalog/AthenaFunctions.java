package dev.stocktake.sql.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The functions Athena engine v3 has, as listed in {@code athena-sql/src/test/resources/athena-engine-v3-functions.txt}
 * (its header names the Athena and Trino documentation it was compiled from), and the check of a SQL file against it.
 *
 * @param names  the listed names, lower case
 * @param source where the list comes from, for messages
 */
record AthenaFunctions(Set<String> names, String source) {

    static final String RESOURCE = "athena-engine-v3-functions.txt";
    static final String SHIPPED_PATH = "athena-sql/src/test/resources/" + RESOURCE;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    AthenaFunctions {
        names = Set.copyOf(names);
    }

    /** The list in the test resources. */
    static AthenaFunctions shipped() {
        try (InputStream in = AthenaFunctions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED_PATH + " is not on the test class path; restore it from git");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SHIPPED_PATH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED_PATH, e);
        }
    }

    /**
     * Reads a list: one lower-case name per line; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the source and line of a malformed or repeated name
     */
    static AthenaFunctions parse(String text, String source) {
        Set<String> names = new HashSet<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!NAME.matcher(line).matches()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": '" + line
                        + "' is not a function name (one lower-case name per line, comments start with #)");
            }
            if (!names.add(line)) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + line + " is listed twice");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no function");
        }
        return new AthenaFunctions(names, source);
    }

    /** One message per call in {@code file} of a name this list does not have; empty when every call is listed. */
    List<String> callsOutside(SqlFile file) {
        return SqlCalls.calls(file.sql()).stream()
                .filter(call -> !names.contains(call.name()))
                .map(call -> file.path() + " line " + call.line() + " calls " + call.name() + "(), which " + source
                        + " does not list as an Athena engine v3 function (see that file's header before adding it)")
                .toList();
    }
}
