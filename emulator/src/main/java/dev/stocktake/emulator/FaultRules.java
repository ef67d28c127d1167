package dev.stocktake.emulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import dev.stocktake.emulator.FaultInjectingProxy.Fault;

/** Which calls get a fault: rules per operation, tried in the order they were added; the first that fires wins. */
final class FaultRules {

    /** {@code random == null}: fires for the next {@code remaining} calls; else with {@code probability}. */
    private record Rule(String operation, AtomicInteger remaining, double probability, RandomGenerator random, Fault fault) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    void add(String operation, int times, Fault fault) {
        rules.add(new Rule(operation, new AtomicInteger(times), 0, null, fault));
    }

    void addRandom(String operation, double probability, RandomGenerator random, Fault fault) {
        rules.add(new Rule(operation, new AtomicInteger(Integer.MAX_VALUE), probability, random, fault));
    }

    void clear() {
        rules.clear();
    }

    /** The fault for this call of {@code operation}, or {@code null} to forward it. */
    Fault faultFor(String operation) {
        for (Rule rule : rules) {
            if (rule.operation().equals(operation) && fires(rule)) {
                return rule.fault();
            }
        }
        return null;
    }

    private static boolean fires(Rule rule) {
        if (rule.random() != null) {
            // the generators callers pass are not thread-safe; the proxy serves calls on several threads
            synchronized (rule.random()) {
                return rule.random().nextDouble() < rule.probability();
            }
        }
        return rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
