package dev.stocktake.compaction;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.support.testing.StandInContext;

/**
 * Runs the compaction handler the way the Lambda runtime does: the no-arg constructor (configuration from the
 * environment), then one invocation with the event given as the first argument, turned into a {@code Map} as the
 * runtime's serializer does (Jackson: here the jar's own). Prints {@code RESPONSE <output as JSON>}.
 */
public final class CompactionLambdaStandIn {

    private CompactionLambdaStandIn() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        CompactionHandler handler = new CompactionHandler();
        @SuppressWarnings("unchecked")
        Map<String, Object> event = json.readValue(args[0], Map.class);
        Map<String, Object> response = handler.handleRequest(event,
                new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:stocktake-compaction", 900_000));
        System.out.println("RESPONSE " + json.writeValueAsString(response));
    }
}
