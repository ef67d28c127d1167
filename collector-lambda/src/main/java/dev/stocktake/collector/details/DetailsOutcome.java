package dev.stocktake.collector.details;

import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.collector.storage.StoredReport;

/**
 * What became of the account's IAM details file in a collection whose report was stored. The report never depends on
 * it: a details failure is said ({@code WARN} line, metric {@code DetailsNotWritten}) and the collection still
 * succeeds.
 */
public sealed interface DetailsOutcome {

    /** Whether the details file of this collection is in the bucket. */
    boolean written();

    /**
     * Written beside the report.
     *
     * @param users the IAM users it lists
     * @param ssoRoles the Identity Center roles it lists
     */
    record Written(StoredReport stored, int users, int ssoRoles) implements DetailsOutcome {
        @Override
        public boolean written() {
            return true;
        }
    }

    /**
     * Not written; the report was.
     *
     * @param step where it failed ({@link Step#READ_DETAILS} or {@link Step#WRITE_DETAILS})
     * @param reason why and what to do; never a tag value or a user name
     */
    record NotWritten(Step step, String reason) implements DetailsOutcome {
        @Override
        public boolean written() {
            return false;
        }
    }

    /** Switched off by configuration ({@code DETAILS_ENABLED=false}). */
    record Disabled() implements DetailsOutcome {
        @Override
        public boolean written() {
            return false;
        }
    }
}
