package dev.stocktake.cli.doctor;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The doctor's results as text (one line per check, findings indented under it) or as JSON for machines. */
final class DoctorOutput {

    /** Findings printed per check in text; JSON has them all. */
    static final int TEXT_FINDINGS = 20;
    /** Where a check's summary starts: findings and fixes line up under it. */
    private static final String INDENT = " ".repeat(28);

    private DoctorOutput() {
    }

    static boolean healthy(List<CheckResult> results) {
        return results.stream().allMatch(result -> result.status() == CheckResult.Status.OK);
    }

    static void text(PrintWriter out, DeploymentConfig config, LocalDate day, List<CheckResult> results) {
        out.printf("Stocktake doctor: %s, reports of %s (%s)%n", config.file(), day, config.reportTimeZone());
        for (CheckResult result : results) {
            out.printf("%-8s %-18s %s%n", result.status(), result.check(), result.summary());
            if (result.fix() != null) {
                out.println(INDENT + "fix: " + result.fix());
            }
            List<CheckResult.Finding> findings = result.findings();
            for (CheckResult.Finding finding : findings.subList(0, Math.min(TEXT_FINDINGS, findings.size()))) {
                out.println(INDENT + "- " + finding.subject() + ": " + finding.problem());
                out.println(INDENT + "  fix: " + finding.fix());
            }
            if (findings.size() > TEXT_FINDINGS) {
                out.println(INDENT + "… and " + (findings.size() - TEXT_FINDINGS) + " more (-o json lists every one)");
            }
        }
        long problems = count(results, CheckResult.Status.PROBLEM);
        long unknown = count(results, CheckResult.Status.UNKNOWN);
        out.println(healthy(results) ? "Healthy: every check passed."
                : "Not healthy: " + problems + " check" + (problems == 1 ? "" : "s") + " found problems, " + unknown
                + " could not look (UNKNOWN); each says what to do.");
    }

    static void json(PrintWriter out, DeploymentConfig config, LocalDate day, List<CheckResult> results) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("config", config.file().toString());
        document.put("day", day.toString());
        document.put("healthy", healthy(results));
        List<Object> checks = new ArrayList<>();
        for (CheckResult result : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("check", result.check());
            check.put("status", result.status().name());
            check.put("summary", result.summary());
            check.put("fix", result.fix());
            List<Object> findings = new ArrayList<>();
            for (CheckResult.Finding finding : result.findings()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("subject", finding.subject());
                item.put("problem", finding.problem());
                item.put("fix", finding.fix());
                findings.add(item);
            }
            check.put("findings", findings);
            checks.add(check);
        }
        document.put("checks", checks);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the doctor's results could not be written as JSON", e);
        }
    }

    private static long count(List<CheckResult> results, CheckResult.Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }
}
