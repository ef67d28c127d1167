package dev.stocktake.infra;

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** Every Stocktake stack names the account and region it belongs in, and says what it holds. */
final class StackEnv {

    private StackEnv() {
    }

    static StackProps of(String account, String region, String description) {
        return StackProps.builder()
                .env(Environment.builder().account(account).region(region).build())
                .description(description)
                .build();
    }
}
