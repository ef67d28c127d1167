package dev.stocktake.directory;

import java.time.Instant;
import java.util.SortedMap;

/**
 * One account of the organization as the directory exports it.
 *
 * @param status the legacy {@code Status} ({@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_CLOSURE})
 * @param state the newer {@code State} ({@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_ACTIVATION},
 *     {@code PENDING_CLOSURE}, {@code CLOSED}), or the status when AWS does not send it
 * @param parentId the OU (or root) the account sits in
 * @param ouPath names from the root down, {@code Root/Workloads/Prod}
 * @param ouIdPath IDs from the root down to the account's parent, {@code r-ab12/ou-ab12-11111111/ou-ab12-22222222}
 *     (names change and repeat, IDs do not: the migration settings name OUs by ID)
 */
public record AccountRecord(String id, String name, String email, String status, String state, String joinedMethod,
                            Instant joinedTimestamp, String parentId, String ouPath, SortedMap<String, String> tags,
                            String ouIdPath) {
}
