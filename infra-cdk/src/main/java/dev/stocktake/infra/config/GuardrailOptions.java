package dev.stocktake.infra.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The service control policy that keeps member accounts' own administrators from changing Stocktake's collector and
 * alert forwarder ({@code StocktakeGuardrails} in the management account, attached to {@code guardrails.targetOuIds}).
 *
 * @param enabled              deploy and attach the SCP; default true. Service control policies must be enabled in
 *                             the organization first (docs/security.md)
 * @param exemptPrincipalArns  who may still change those resources ({@code aws:PrincipalArn} patterns); default the
 *                             execution role service-managed StackSets create in every account,
 *                             {@value #STACKSET_EXECUTION_ROLE}. An organization that gives its StackSets a custom
 *                             execution role names that role here
 * @param targetOuIds          the OUs (or the root) the SCP is attached to; default {@code targetOuIds}, the
 *                             StackSet's. A subset lets a rollout start with one OU
 */
public record GuardrailOptions(boolean enabled, List<String> exemptPrincipalArns, List<String> targetOuIds) {
    /** The execution role a service-managed StackSet creates in each target account ({@code stacksets-exec-<hash>}). */
    public static final String STACKSET_EXECUTION_ROLE = "arn:aws:iam::*:role/stacksets-exec-*";

    /** An IAM role ARN in any or a given account, with {@code *} allowed in the name. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\*|\\d{12}):role/[\\w+=,.@*/-]+");

    public GuardrailOptions {
        exemptPrincipalArns = List.copyOf(exemptPrincipalArns);
        targetOuIds = List.copyOf(targetOuIds);
    }

    /**
     * Reads and validates the {@code guardrails} section.
     *
     * @param stackSetOus the top-level {@code targetOuIds}, the default of {@code guardrails.targetOuIds}
     */
    static GuardrailOptions read(ConfigSection s, List<String> stackSetOus) {
        boolean enabled = s.flag("enabled", true);
        List<String> ous = StocktakeConfig.sectionOuIds(s, stackSetOus);
        List<String> exempt = s.textList("exemptPrincipalArns");
        if (exempt == null) {
            return new GuardrailOptions(enabled, List.of(STACKSET_EXECUTION_ROLE), ous);
        }
        if (exempt.isEmpty()) {
            s.problem("exemptPrincipalArns", "must not be empty: without an exempt role the StackSet itself could no "
                    + "longer update or delete the collector (default " + STACKSET_EXECUTION_ROLE + ")");
        }
        for (int i = 0; i < exempt.size(); i++) {
            String arn = exempt.get(i);
            if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
                s.problem("exemptPrincipalArns[" + i + "]", "'" + arn + "' is not an IAM role ARN pattern such as "
                        + STACKSET_EXECUTION_ROLE);
            } else if (arn.equals("arn:aws:iam::*:role/*")) {
                s.problem("exemptPrincipalArns[" + i + "]", "'" + arn + "' exempts every role, which turns the guardrail off; "
                        + "set guardrails.enabled to false instead");
            }
        }
        return new GuardrailOptions(enabled, exempt.stream().filter(a -> a != null).toList(), ous);
    }
}
