package dev.stocktake.infra.management;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stocktake.infra.Fixtures;
import dev.stocktake.infra.config.StocktakeConfig;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OrganizationStackSetTest {

    private static final StocktakeConfig CONFIG = Fixtures.config("test.config.json");

    @Test
    void a_collector_template_too_big_to_inline_fails_synth_naming_the_stack_set_and_the_limit() {
        String template = "{\"Description\":\"" + "x".repeat(OrganizationStackSet.MAX_TEMPLATE_BODY_BYTES) + "\"}";

        assertThatThrownBy(() -> new StackSetStack(new App(), "StackSet", StackProps.builder().build(), CONFIG, template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StackSet stocktake-collector")
                .hasMessageContaining("takes at most 51200");
    }

    @Test
    void the_alert_forwarder_template_is_held_to_the_same_limit() {
        String template = "{\"Description\":\"" + "x".repeat(OrganizationStackSet.MAX_TEMPLATE_BODY_BYTES) + "\"}";

        assertThatThrownBy(() -> new AlertForwarderStackSetStack(new App(), "Forwarders", StackProps.builder().build(), CONFIG,
                template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StackSet " + AlertForwarderStackSetStack.STACK_SET_NAME);
    }
}
