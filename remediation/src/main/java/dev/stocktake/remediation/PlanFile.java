package dev.stocktake.remediation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Writes a plan as readable JSON and reads one back, validated: every error names the file, the field and what to do. */
public final class PlanFile {

    static final Pattern PLAN_ID = Pattern.compile("[qd]-\\d{8}-[0-9a-f]{6}");
    static final Pattern STEP_ID = Pattern.compile("\\d{3}-[a-z-]{3,40}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final String REMAKE = "make a new plan with `stocktake remediate plan` instead of editing it by hand";

    private PlanFile() {
    }

    public static String render(Plan plan) {
        try {
            return Json.MAPPER.writeValueAsString(plan) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A plan could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static void write(Plan plan, Path file) throws IOException {
        Files.writeString(file, render(plan));
    }

    public static Plan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlanException(file.toString(), List.of(file + ": no such file -- give the plan file that "
                    + "`stocktake remediate plan --out` wrote"));
        } catch (IOException e) {
            throw new PlanException(file.toString(), List.of(file + ": cannot be read (" + e.getMessage() + ")"));
        }
        return parse(file.toString(), text);
    }

    public static Plan parse(String file, String text) {
        Plan plan;
        try {
            plan = Json.MAPPER.readValue(text, Plan.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new PlanException(file, List.of(file + ": " + line + (field.isEmpty() ? "(document)" : field) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + " -- " + REMAKE));
        } catch (JsonProcessingException e) {
            throw new PlanException(file, List.of(file + ": line " + e.getLocation().getLineNr() + ": not JSON ("
                    + e.getOriginalMessage() + ") -- " + REMAKE));
        }
        List<String> problems = validate(file, plan);
        if (!problems.isEmpty()) {
            throw new PlanException(file, problems);
        }
        return plan;
    }

    static List<String> validate(String file, Plan plan) {
        List<String> problems = new ArrayList<>();
        if (plan == null) {
            return List.of(file + ": (document): empty -- " + REMAKE);
        }
        require(problems, file, "format", Plan.FORMAT.equals(plan.format()),
                "is " + quoted(plan.format()) + ", expected \"" + Plan.FORMAT + "\"");
        require(problems, file, "plan_id", plan.planId() != null && PLAN_ID.matcher(plan.planId()).matches(),
                "is " + quoted(plan.planId()) + ", expected q-YYYYMMDD-xxxxxx or d-YYYYMMDD-xxxxxx");
        require(problems, file, "kind", plan.kind() != null, "is missing: quarantine or delete");
        require(problems, file, "created_at", plan.createdAt() != null, "is missing");
        require(problems, file, "data_day", plan.dataDay() != null, "is missing");
        if (plan.kind() != null && plan.planId() != null && !plan.planId().isEmpty()) {
            char expected = plan.kind() == Plan.Kind.QUARANTINE ? 'q' : 'd';
            require(problems, file, "plan_id", plan.planId().charAt(0) == expected,
                    "starts with '" + plan.planId().charAt(0) + "' but the kind is " + plan.kind().name().toLowerCase());
        }
        if (plan.kind() == Plan.Kind.DELETE) {
            require(problems, file, "quarantine_plan_id", plan.quarantinePlanId() != null, "is missing (a deletion follows a quarantine)");
            require(problems, file, "watch_days", plan.watchDays() != null && plan.watchDays() >= 1, "must be a whole number of days >= 1");
        }
        require(problems, file, "users", plan.users() != null, "is missing");
        if (plan.users() == null) {
            return problems;
        }
        Set<String> stepIds = new HashSet<>();
        Set<String> userKeys = new HashSet<>();
        for (int u = 0; u < plan.users().size(); u++) {
            Plan.User user = plan.users().get(u);
            String at = "users[" + u + "]";
            require(problems, file, at + ".account_id", user.accountId() != null && ACCOUNT_ID.matcher(user.accountId()).matches(),
                    "is " + quoted(user.accountId()) + ", expected a 12-digit account ID");
            require(problems, file, at + ".user_name", user.userName() != null && !Remediation.ROOT_USER.equals(user.userName()),
                    "is the root user: the root user is never remediated");
            require(problems, file, at + ".user_name", user.userName() == null || Remediation.ROOT_USER.equals(user.userName())
                    || USER_NAME.matcher(user.userName()).matches(), "is " + quoted(user.userName()) + ", not an IAM user name");
            require(problems, file, at + ".verdict", user.verdict() != null && Remediation.REMOVABLE_VERDICTS.contains(user.verdict()),
                    "is " + quoted(user.verdict()) + ": only " + Remediation.REMOVABLE_VERDICTS.stream().sorted().toList()
                            + " may be remediated (allowlisted users never)");
            require(problems, file, at, userKeys.add(user.accountId() + "/" + user.userName()), "names the same user twice");
            if (plan.kind() == Plan.Kind.DELETE) {
                require(problems, file, at + ".quarantined_at", user.quarantinedAt() != null, "is missing (deletion needs the quarantine time)");
                require(problems, file, at + ".snapshot", user.snapshot() != null, "is missing");
            }
            require(problems, file, at + ".steps", user.steps() != null && !user.steps().isEmpty(), "is empty");
            if (user.steps() == null) {
                continue;
            }
            for (int s = 0; s < user.steps().size(); s++) {
                Plan.Step step = user.steps().get(s);
                String stepAt = at + ".steps[" + s + "]";
                require(problems, file, stepAt + ".id", step.id() != null && STEP_ID.matcher(step.id()).matches(),
                        "is " + quoted(step.id()) + ", expected NNN-action (e.g. 001-deactivate-key)");
                require(problems, file, stepAt + ".id", step.id() == null || stepIds.add(step.id()), "'" + step.id() + "' is used twice");
                require(problems, file, stepAt + ".action", step.action() != null, "is missing");
                if (step.action() != null) {
                    require(problems, file, stepAt + ".action", plan.kind() == null
                                    || step.action().reversible() == (plan.kind() == Plan.Kind.QUARANTINE),
                            "'" + step.action().name().toLowerCase() + "' does not belong in a " + (plan.kind() == null ? "" : plan.kind().name().toLowerCase()) + " plan");
                    require(problems, file, stepAt + ".target", step.action().needsTarget() == (step.target() != null),
                            step.action().needsTarget() ? "is missing" : "must be absent for " + step.action().name().toLowerCase());
                }
            }
        }
        return problems;
    }

    private static void require(List<String> problems, String file, String field, boolean ok, String problem) {
        if (!ok) {
            problems.add(file + ": " + field + ": " + problem + " -- " + REMAKE);
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }
}
