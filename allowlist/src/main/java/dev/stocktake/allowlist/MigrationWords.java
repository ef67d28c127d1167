package dev.stocktake.allowlist;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The migration views' codes in words, one vocabulary for every place that shows them to a person: the verdicts of
 * {@code migration_status} ({@code ready_to_remove} is "ready to remove"), the remediation states of
 * {@code remediation_status} ({@code removed} is "removed by Stocktake") and the milestone statuses of
 * {@code milestone_progress} ({@code on_track} is "on track"). The digest (email, Slack), the dashboard (whose page
 * script holds the same words) and the CLI's {@code report}, {@code todo} table and demo summary say them; what users
 * filter on ({@code stocktake sql}, CSV and JSON, the views themselves) keeps the codes.
 *
 * <p>It lives in this module because the migration views' rules are defined here (the allowlist they apply, the identity
 * mapping, the migration settings), and every module that shows their results already depends on it: cli,
 * notifier-lambda, and dashboard (through sql-engine). Pure, no state.
 */
public final class MigrationWords {

    /** The verdicts of {@code migration_status} in the order the view tries them, each with its words. */
    public static final SequencedMap<String, String> VERDICTS = words(
            "allowlisted", "allowlisted",
            "machine_user", "machine user",
            "identity_center_unknown", "Identity Center unknown",
            "no_identity", "no identity",
            "needs_assignment", "needs assignment",
            "ready_to_remove", "ready to remove",
            "still_in_use", "still in use");

    /** The remediation states of {@code remediation_status}, each with its words. */
    public static final SequencedMap<String, String> REMEDIATION_STATES = words(
            "quarantined", "quarantined",
            "partially_quarantined", "partially quarantined",
            "quarantine_undone", "quarantine undone",
            "removal_started", "removal started",
            "removed", "removed by Stocktake");

    /** The statuses of a milestone in {@code milestone_progress}, each with its words. */
    public static final SequencedMap<String, String> MILESTONE_STATUSES = words(
            "met", "met",
            "on_track", "on track",
            "behind", "behind",
            "missed", "missed");

    private MigrationWords() {
    }

    /** A verdict in words: {@code ready_to_remove} as {@code ready to remove}; {@code null} stays {@code null}. */
    public static String verdict(String code) {
        return say(VERDICTS, code);
    }

    /** A remediation state in words: {@code removed} as {@code removed by Stocktake}; {@code null} stays {@code null}. */
    public static String remediationState(String code) {
        return say(REMEDIATION_STATES, code);
    }

    /** A milestone status in words: {@code on_track} as {@code on track}; {@code null} stays {@code null}. */
    public static String milestoneStatus(String code) {
        return say(MILESTONE_STATUSES, code);
    }

    /** The code's words; a code a newer view brings and this list does not know yet with its underscores as spaces. */
    private static String say(SequencedMap<String, String> words, String code) {
        return code == null ? null : words.getOrDefault(code, code.replace('_', ' '));
    }

    private static SequencedMap<String, String> words(String... codesAndWords) {
        LinkedHashMap<String, String> words = new LinkedHashMap<>();
        for (int i = 0; i < codesAndWords.length; i += 2) {
            words.put(codesAndWords[i], codesAndWords[i + 1]);
        }
        return Collections.unmodifiableSequencedMap(words);
    }
}
