package dev.stocktake.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code infra-cdk/policy-eval} (Node and {@code @cloud-copilot/iam-simulate}, AGPL: test-only) on a set of
 * iam-simulate simulations and returns each one's decision. The first use in a JVM installs the pinned package with
 * {@code npm ci}; a missing Node or npm, a failed install or an input iam-simulate rejects fails the test naming the
 * cause and what to do. It never skips.
 */
final class PolicyEvaluator {
    static final ObjectMapper JSON = new ObjectMapper();
    private static boolean installed;

    /** One decision: {@code Allowed}, {@code ExplicitlyDenied} or {@code ImplicitlyDenied}. */
    record Decision(String result, List<String> ignoredContextKeys) {
        boolean allowed() {
            return result.equals("Allowed");
        }
    }

    private PolicyEvaluator() {
    }

    static Path dir() {
        return RepoPaths.locate().root().resolve("infra-cdk/policy-eval");
    }

    /** Evaluates the simulations (by ID) in one Node process; writes the request and result files under {@code work}. */
    static Map<String, Decision> evaluate(Map<String, ObjectNode> simulations, Path workDir) {
        install();
        Path work = workDir.toAbsolutePath();
        try {
            Files.createDirectories(work);
            ObjectNode input = JSON.createObjectNode();
            ArrayNode requests = input.putArray("requests");
            simulations.forEach((id, simulation) -> requests.addObject().put("id", id).set("simulation", simulation));
            Path in = work.resolve("requests.json");
            Path out = work.resolve("results.json");
            Files.deleteIfExists(out);
            JSON.writerWithDefaultPrettyPrinter().writeValue(in.toFile(), input);
            String output = run(List.of("node", "evaluate.mjs", in.toString(), out.toString()), 300);
            if (!Files.exists(out)) {
                throw new IllegalStateException("policy-eval wrote no results (" + out + "):\n" + output);
            }
            Map<String, Decision> decisions = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (JsonNode r : JSON.readTree(out.toFile()).path("results")) {
                String id = r.path("id").asText();
                List<String> ignored = new ArrayList<>();
                r.path("ignoredContextKeys").forEach(k -> ignored.add(k.asText()));
                if (r.path("result").asText().equals("Error")) {
                    problems.add(id + ": iam-simulate rejected the request: " + r.path("errors"));
                } else if (!ignored.isEmpty()) {
                    problems.add(id + ": iam-simulate ignored context keys " + ignored + " (the action does not know"
                            + " them, so a condition on them would not be evaluated): fix the request");
                }
                decisions.put(id, new Decision(r.path("result").asText(), ignored));
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("policy evaluation inputs are wrong (requests in " + in + "):\n  "
                        + String.join("\n  ", problems));
            }
            return decisions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code npm ci} in policy-eval, once per JVM. */
    private static synchronized void install() {
        if (installed) {
            return;
        }
        if (!Files.exists(dir().resolve("package-lock.json"))) {
            throw new IllegalStateException(dir() + " has no package-lock.json: the policy evaluator is missing from the checkout");
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
        installed = true;
    }

    private static String run(List<String> command, int timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + String.join(" ", command) + "' in " + dir() + " (" + e.getMessage()
                    + "): the policy evaluation tests need Node 20+ and npm on the PATH (jsii needs Node too)", e);
        }
        try {
            process.getOutputStream().close();
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' in " + dir() + " took over " + timeoutSeconds + " s");
            }
            String output = new String(bytes, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 && !(command.get(0).equals("node") && process.exitValue() == 1)) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' in " + dir() + " failed (exit "
                        + process.exitValue() + ")" + (command.get(0).equals("npm")
                        ? ": the npm registry must be reachable to install @cloud-copilot/iam-simulate" : "") + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
