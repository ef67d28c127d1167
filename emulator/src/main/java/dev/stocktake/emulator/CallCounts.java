package dev.stocktake.emulator;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The proxy's tally per operation: calls that reached it, faults it answered, calls per wall-clock second. */
final class CallCounts {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, AtomicInteger>> perSecond = new ConcurrentHashMap<>();

    void called(String operation, long epochMillis) {
        seen.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        perSecond.computeIfAbsent(operation, k -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(epochMillis / 1000, k -> new AtomicInteger()).incrementAndGet();
    }

    void faulted(String operation) {
        injected.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    int calls(String operation) {
        AtomicInteger count = seen.get(operation);
        return count == null ? 0 : count.get();
    }

    int faults(String operation) {
        AtomicInteger count = injected.get(operation);
        return count == null ? 0 : count.get();
    }

    SortedMap<Long, Integer> callsPerSecond(String operation) {
        SortedMap<Long, Integer> counts = new TreeMap<>();
        var seconds = perSecond.get(operation);
        if (seconds != null) {
            seconds.forEach((second, count) -> counts.put(second, count.get()));
        }
        return counts;
    }

    void reset() {
        seen.clear();
        injected.clear();
        perSecond.clear();
    }
}
