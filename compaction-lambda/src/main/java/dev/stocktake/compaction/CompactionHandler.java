package dev.stocktake.compaction;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.stocktake.support.retry.Deadline;

/**
 * The compaction's Lambda entry point ({@code dev.stocktake.compaction.CompactionHandler::handleRequest}),
 * run daily by EventBridge Scheduler. Thin: the job and its clients are built once per container; each invocation is
 * one call. Events:
 * <ul>
 *   <li>{@code {}} (the schedule; also no input, or an EventBridge event envelope such as a rule's
 *       {@code Scheduled Event}, see {@link #NOTIFICATION}): compact every
 *       finished month not compacted yet, oldest first, while the invocation has time for another month;</li>
 *   <li>{@code {"recompact": "2026-10"}}: copy that month again (after a late CSV for one of its days).</li>
 * </ul>
 * Anything else fails, naming the events it takes. The answer: {@code {"action":"compact","compacted":[{"month":
 * "2026-10","rows":…,"files":…,"days":…}],"compactedThrough":"2026-10-31","pending":["2026-11"],"late":[]}}.
 */
public final class CompactionHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Left after the last statement to delete a stopped copy's files and re-create the view. */
    static final Duration RESERVE = Duration.ofSeconds(30);
    static final String EVENTS = "{} (the daily schedule: compact the finished months) or {\"recompact\": \"2026-10\"} "
            + "(copy one finished month again)";

    /**
     * The fields of an EventBridge event (an EventBridge rule's {@code Scheduled Event}, and the envelope a schedule
     * without input may deliver): an event made of these only is the schedule.
     */
    static final Set<String> NOTIFICATION = Set.of("version", "id", "detail-type", "source", "account", "time", "region",
            "resources", "detail");

    private final CompactionJob job;
    private final Clock clock;

    public CompactionHandler() {
        this(CompactionFactory.fromEnvironment(), Clock.systemUTC());
    }

    CompactionHandler(CompactionJob job, Clock clock) {
        this.job = job;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        CompactionJob.Request request = request(event);
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE));
        return CompactionJob.summary(request, job.run(request, deadline));
    }

    /** What the event asks for; fails naming the events the handler takes. */
    static CompactionJob.Request request(Map<String, Object> event) {
        if (event == null || event.isEmpty()) {
            return new CompactionJob.Scheduled();
        }
        if (NOTIFICATION.containsAll(event.keySet())) {
            return new CompactionJob.Scheduled();
        }
        if (event.size() == 1 && event.containsKey("recompact")) {
            Object month = event.get("recompact");
            try {
                if (month instanceof String text) {
                    return new CompactionJob.Recompact(YearMonth.parse(text.strip()));
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            throw new IllegalArgumentException("\"recompact\" must be a month yyyy-MM such as \"2026-10\", got "
                    + (month instanceof String ? "\"" + month + "\"" : String.valueOf(month)));
        }
        throw new IllegalArgumentException("the compaction handler takes " + EVENTS + "; got an event with the keys "
                + new TreeSet<>(event.keySet()));
    }
}
