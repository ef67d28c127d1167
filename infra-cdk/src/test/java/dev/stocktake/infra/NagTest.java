package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** cdk-nag AwsSolutions: no unacknowledged finding on any stack, on the member template or on the alert forwarder template. */
class NagTest {
    @Test
    void everyStackAndTheMemberTemplate_haveNoUnacknowledgedFindings() {
        StocktakeApp.Stacks stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        assertThat(StocktakeApp.nagFindings(stacks)).isEmpty();
    }

    @Test
    void theCommittedExampleConfig_withS3ManagedEncryption_hasNoUnacknowledgedFindings() {
        StocktakeApp.Stacks stacks = Fixtures.stacks("s3managed.config.json", Fixtures.paths());
        assertThat(StocktakeApp.nagFindings(stacks)).isEmpty();
    }

    @Test
    void theAlertStacksAndTheForwarderTemplate_haveNoUnacknowledgedFindings() throws IOException {
        assertThat(AlertStacksTest.shared().nagFindings()).isEmpty();
    }
}
