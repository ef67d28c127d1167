package dev.stocktake.notifier.testing;

import dev.stocktake.support.testing.StandInContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.stocktake.notifier.NotifierHandler;

/**
 * Runs the handler the way the Lambda runtime does: the no-arg constructor (configuration from the environment), then
 * one invocation with the input given as the first argument. Prints {@code RESPONSE <output>}.
 */
public final class LambdaStandIn {

    private LambdaStandIn() {
    }

    public static void main(String[] args) throws Exception {
        NotifierHandler handler = new NotifierHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), out,
                new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:stocktake-notifier", 300_000));
        System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
    }
}
