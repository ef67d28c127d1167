package dev.stocktake.identitycenter;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Successful AWS calls of one export, per IAM action ({@code sso:ListInstances}): one page is one call. */
final class ApiCalls {

    private final Map<String, Integer> counts = new TreeMap<>();

    void count(String action) {
        counts.merge(action, 1, Integer::sum);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Action to calls, sorted by action. */
    Map<String, Integer> byAction() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
