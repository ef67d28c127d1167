package dev.stocktake.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationWordsTest {

    @Test
    void every_verdict_in_words_in_the_order_migration_status_tries_them() {
        assertThat(MigrationWords.VERDICTS.keySet()).containsExactly("allowlisted", "machine_user", "identity_center_unknown",
                "no_identity", "needs_assignment", "ready_to_remove", "still_in_use");
        assertThat(MigrationWords.VERDICTS.keySet().stream().map(MigrationWords::verdict)).containsExactly("allowlisted",
                "machine user", "Identity Center unknown", "no identity", "needs assignment", "ready to remove", "still in use");
    }

    @Test
    void every_remediation_state_in_words_removed_saying_by_whom() {
        assertThat(MigrationWords.REMEDIATION_STATES.keySet().stream().map(MigrationWords::remediationState)).containsExactly(
                "quarantined", "partially quarantined", "quarantine undone", "removal started", "removed by Stocktake");
    }

    @Test
    void every_milestone_status_in_words() {
        assertThat(MigrationWords.MILESTONE_STATUSES.keySet().stream().map(MigrationWords::milestoneStatus))
                .containsExactly("met", "on track", "behind", "missed");
    }

    @Test
    void null_stays_null_and_an_unknown_code_loses_its_underscores() {
        assertThat(MigrationWords.verdict(null)).isNull();
        assertThat(MigrationWords.remediationState(null)).isNull();
        assertThat(MigrationWords.milestoneStatus(null)).isNull();
        assertThat(MigrationWords.verdict("shared_with_vendor")).isEqualTo("shared with vendor");
        assertThat(MigrationWords.remediationState("deletion_blocked")).isEqualTo("deletion blocked");
    }
}
