package dev.stocktake.quicksight;

/**
 * A column of a data set.
 *
 * @param name the column name (as in the view)
 * @param type QuickSight's type: {@code STRING}, {@code INTEGER}, {@code DECIMAL}, {@code DATETIME}, {@code BOOLEAN}
 */
public record Column(String name, String type) {
}
