package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** cdk-nag AwsSolutions: no unacknowledged finding on any stack, on the member template or on the alert forwarder template. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NagTest {
    @Test
    void every_stack_and_the_member_template_have_no_unacknowledged_findings() {
        StocktakeApp.Stacks stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        assertThat(StocktakeApp.nagFindings(stacks)).isEmpty();
    }

    @Test
    void the_committed_example_config_with_s3_managed_encryption_has_no_unacknowledged_findings() {
        StocktakeApp.Stacks stacks = Fixtures.stacks("s3managed.config.json", Fixtures.paths());
        assertThat(StocktakeApp.nagFindings(stacks)).isEmpty();
    }

    @Test
    void with_remediation_the_stacks_and_the_remediation_role_template_have_no_unacknowledged_findings() {
        StocktakeApp.Stacks stacks = Fixtures.stacks(RemediationStacksTest.CONFIG, Fixtures.fixturePaths());
        assertThat(stacks.remediationRole()).isNotNull();
        assertThat(StocktakeApp.nagFindings(stacks)).isEmpty();
    }

    @Test
    void the_alert_stacks_and_the_forwarder_template_have_no_unacknowledged_findings() throws IOException {
        assertThat(AlertStacksTest.shared().nagFindings()).isEmpty();
    }
}
