package dev.stocktake.remediation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stocktake.remediation.JournalRecord.Phase;

/**
 * Journal records in a folder laid out like the central bucket, at their keys
 * ({@code remediation/YYYY/MM/DD/<plan id>/<step id>.<phase>.json}) and each one line of JSON exactly as
 * {@link Journal} writes it: the journal of the tests that read it through the {@code remediation_journal} table and
 * the views over it. Every record names one operator and the account's remediation role.
 */
public final class JournalFixture {

    private final Path folder;
    private final String operator;

    /**
     * @param folder   the copy of the bucket the records go into
     * @param operator the ARN of who ran the steps
     */
    public JournalFixture(Path folder, String operator) {
        this.folder = folder;
        this.operator = operator;
    }

    /**
     * A record of a step on a user, by this fixture's operator through the account's remediation role.
     *
     * @param at          when, an ISO-8601 instant ({@code 2026-03-02T10:00:00Z})
     * @param stateBefore the live state before the step, as JSON text, or null
     */
    public JournalRecord record(String planId, String stepId, Phase phase, Action action, String accountId, String userName,
                                String at, String stateBefore) {
        return new JournalRecord(planId, stepId, phase, action, accountId, userName, null, Instant.parse(at), operator,
                "arn:aws:iam::" + accountId + ":role/" + Remediation.DEFAULT_ROLE_NAME,
                stateBefore == null ? null : json(stateBefore), null);
    }

    /** Writes the record at its key, as {@link Journal} writes it; returns this fixture. */
    public JournalFixture write(JournalRecord record) {
        return write(record, line(record));
    }

    /** Writes {@code line} at the key of {@code record}: for a record NOT as {@link Journal} writes it. */
    public JournalFixture write(JournalRecord record, byte[] line) {
        Path file = folder.resolve(Journal.key("", record));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, line);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the journal record " + file, e);
        }
        return this;
    }

    /** A step's {@code started} record at {@code at} and, when {@code done}, its {@code done} record a second later. */
    public JournalFixture step(String planId, String stepId, Action action, String accountId, String userName, String at,
                               boolean done) {
        write(record(planId, stepId, Phase.STARTED, action, accountId, userName, at, null));
        if (done) {
            write(record(planId, stepId, Phase.DONE, action, accountId, userName, Instant.parse(at).plusSeconds(1).toString(), null));
        }
        return this;
    }

    /** The record as {@link Journal} stores it: one line of JSON. */
    public static byte[] line(JournalRecord record) {
        try {
            return Journal.line(record);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the journal record of " + record.actionId() + " as JSON", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + text, e);
        }
    }
}
