package dev.stocktake.infra.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remediation role ({@code stocktake remediate apply|undo}, docs/remediation.md): when enabled, a role
 * {@code stocktake-remediation} in every account of {@code targetOuIds} through its own service-managed StackSet,
 * assumable only by {@code trustedPrincipals} of the organization, and the central bucket's and report key's grants
 * those principals need for the journal ({@code remediation/}).
 *
 * @param enabled           deploy the role, its StackSet and the bucket grants; default false (opt-in)
 * @param trustedPrincipals the operators: IAM role or user ARNs ({@code arn:aws:iam::<account>:role/<name>}, a path
 *                          allowed, {@code *} allowed in the path and name but not as the whole name); required when
 *                          enabled, at most {@value #MAX_PRINCIPALS}. Whether their accounts belong to the
 *                          organization cannot be checked at synth: the trust policy also requires
 *                          {@code aws:PrincipalOrgID}, so a principal outside it is simply never admitted
 * @param targetOuIds       the OUs (or the root) whose accounts get the role; default {@code targetOuIds} (the
 *                          collector's). Service-managed StackSets never deploy to the management account: it gets
 *                          no remediation role
 */
public record RemediationOptions(boolean enabled, List<String> trustedPrincipals, List<String> targetOuIds) {
    /** The most principals the role's trust policy names (its size limit is 2,048 characters by default). */
    public static final int MAX_PRINCIPALS = 10;

    /** An IAM role or user ARN of one account; group 1 the account, 2 the type, 3 the path and name. */
    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws:iam::(\\d{12}):(role|user)/([\\w+=,.@*/-]+)");

    public RemediationOptions {
        trustedPrincipals = List.copyOf(trustedPrincipals);
        targetOuIds = List.copyOf(targetOuIds);
    }

    public static RemediationOptions disabled(List<String> stackSetOus) {
        return new RemediationOptions(false, List.of(), stackSetOus);
    }

    /** The accounts of the trusted principals, in order, once each (the trust policy's {@code Principal}). */
    public List<String> trustedAccounts() {
        LinkedHashSet<String> accounts = new LinkedHashSet<>();
        for (String arn : trustedPrincipals) {
            Matcher m = PRINCIPAL.matcher(arn);
            if (m.matches()) {
                accounts.add(m.group(1));
            }
        }
        return List.copyOf(accounts);
    }

    /**
     * Reads and validates the {@code remediation} section.
     *
     * @param stackSetOus the top-level {@code targetOuIds}, the default of {@code remediation.targetOuIds}
     */
    static RemediationOptions read(ConfigSection s, List<String> stackSetOus) {
        boolean enabled = s.flag("enabled", false);
        List<String> principals = s.textList("trustedPrincipals");
        if (principals == null) {
            principals = List.of();
        }
        if (enabled && principals.isEmpty()) {
            s.problem("trustedPrincipals", "required with remediation.enabled: the IAM role or user ARNs of the operators "
                    + "who may assume the remediation role (arn:aws:iam::<account>:role/<name>)");
        }
        if (principals.size() > MAX_PRINCIPALS) {
            s.problem("trustedPrincipals", principals.size() + " principals; at most " + MAX_PRINCIPALS
                    + " (the role's trust policy must stay within 2,048 characters: name a role the operators share)");
        }
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < principals.size(); i++) {
            String arn = principals.get(i);
            String problem = principalProblem(arn);
            if (problem != null) {
                s.problem("trustedPrincipals[" + i + "]", problem);
            } else if (valid.contains(arn)) {
                s.problem("trustedPrincipals[" + i + "]", "'" + arn + "' is listed twice");
            } else {
                valid.add(arn);
            }
        }
        return new RemediationOptions(enabled, valid, StocktakeConfig.sectionOuIds(s, stackSetOus));
    }

    /** Why {@code arn} cannot be a trusted principal, or null when it can. */
    static String principalProblem(String arn) {
        if (arn == null) {
            return "must be a string (an IAM role or user ARN)";
        }
        if (arn.matches("arn:aws:iam::[^:]*:root")) {
            return "'" + arn + "' is an account's root: it would trust every principal of that account; name the "
                    + "operators' role or user ARNs";
        }
        if (arn.startsWith("arn:aws:sts::")) {
            return "'" + arn + "' is a session ARN; name the role it belongs to (arn:aws:iam::<account>:role/<name>)";
        }
        Matcher m = PRINCIPAL.matcher(arn);
        if (!m.matches()) {
            return "'" + arn + "' is not an IAM role or user ARN of one account (arn:aws:iam::<12-digit account>:role/<name> "
                    + "or :user/<name>)";
        }
        String path = m.group(3);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.replace("*", "").isEmpty() || path.replace("*", "").replace("/", "").isEmpty()) {
            return "'" + arn + "' matches every " + m.group(2) + " of account " + m.group(1) + "; name the operators' "
                    + m.group(2) + "s (a * may stand for part of a name, e.g. an Identity Center role's suffix)";
        }
        return null;
    }
}
