package dev.stocktake.quicksight;

/**
 * A column the dashboard uses.
 *
 * @param dataSetIdentifier the data set's identifier in the dashboard (its name)
 * @param column            the column name
 * @param use               what the dashboard does with it, which decides the types it may have
 * @param path              where in the definition (JSON pointer), for messages
 */
public record FieldReference(String dataSetIdentifier, String column, Use use, String path) {

    /** How a field is used, and the data set column types that use accepts. */
    public enum Use {
        /** a numeric measure or dimension: {@code INTEGER} or {@code DECIMAL} */
        NUMBER("INTEGER", "DECIMAL"),
        /** a date dimension or a time filter: {@code DATETIME} */
        DATE("DATETIME"),
        /** a category dimension or a category filter: {@code STRING} */
        CATEGORY("STRING"),
        /** shown as is (an unaggregated table column) or counted: any type */
        VALUE("STRING", "INTEGER", "DECIMAL", "DATETIME", "BOOLEAN");

        private final java.util.Set<String> types;

        Use(String... types) {
            this.types = java.util.Set.of(types);
        }

        public boolean accepts(String type) {
            return types.contains(type);
        }

        public java.util.Set<String> types() {
            return types;
        }
    }
}
