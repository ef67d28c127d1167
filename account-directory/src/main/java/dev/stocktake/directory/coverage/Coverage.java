package dev.stocktake.directory.coverage;

import java.time.LocalDate;

/**
 * One day of the {@code coverage} view.
 *
 * @param percent reported / expected × 100
 */
public record Coverage(LocalDate day, long expectedAccounts, long reportedAccounts, long missingAccounts, double percent) {
}
