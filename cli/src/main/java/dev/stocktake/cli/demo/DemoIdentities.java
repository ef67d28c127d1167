package dev.stocktake.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

/**
 * Who the demo's IAM users are in IAM Identity Center, decided up front from the plan and a seed: the persons (each
 * human IAM user name is one person, whatever the accounts it has IAM users in), how each IAM user is found (by the
 * same user name, by its {@code email} tag, only through the identity-mapping file, or not at all: a leaver), the day
 * the person gets SSO access to each account (directly, or through the team's group on the team's production
 * accounts; some never do), and the {@code owner} tag of some IAM users. Identity Center is exported daily from
 * {@link #exportFrom()} on: the days before show {@code identity_center_unknown}.
 *
 * <p>People get SSO access first, before their IAM user's console password goes ({@link DemoUser#consoleOffDay()}) or
 * the user is deleted. {@link #verdict} predicts what {@code migration_status} says of a user on a day (the rules of
 * docs/migration.md, without the allowlist); the plan is adjusted so that the reports show every verdict a person's
 * IAM user can have, even in a small demo.
 *
 * @param exportFrom the first report day with an Identity Center export ({@link DemoOrganization#NEVER} without)
 * @param persons    by IAM user name (humans only; leavers have none)
 * @param users      by account index and IAM user name
 */
record DemoIdentities(int exportFrom, int idleDays, Map<String, Person> persons, Map<Integer, Map<String, IamIdentity>> users) {

    /** How an IAM user finds its person. */
    enum Match { USER_NAME, EMAIL, MAPPING, LEAVER, MACHINE }

    /** The verdicts of migration_status, in the order the views try them. */
    enum Verdict { allowlisted, machine_user, identity_center_unknown, no_identity, needs_assignment, ready_to_remove, still_in_use }

    /** The Identity Center team groups' permission set, and those assigned to people directly. */
    static final String GROUP_PERMISSION_SET = "PowerUserAccess";
    static final List<String> DIRECT_PERMISSION_SETS = List.of("AdministratorAccess", "ReadOnlyAccess");

    /**
     * A person in the identity store.
     *
     * @param userName the Identity Center UserName
     * @param match    how this person's IAM users find it
     */
    record Person(String iamName, String userName, String givenName, String familyName, String email, Match match) {

        String displayName() {
            return givenName + " " + familyName;
        }
    }

    /**
     * One IAM user as Identity Center and its tags see it.
     *
     * @param assignedDay   the day its person gets access to this account ({@link DemoOrganization#NEVER}: never)
     * @param viaGroup      through the team group (else a direct USER assignment)
     * @param permissionSet of a direct assignment
     * @param emailTag      the user's {@code email} tag, or {@code null}
     * @param ownerTag      the user's {@code owner} tag, or {@code null}
     */
    record IamIdentity(Match match, int assignedDay, boolean viaGroup, String permissionSet, String emailTag, String ownerTag) {
    }

    DemoIdentities {
        persons = Map.copyOf(persons);
        Map<Integer, Map<String, IamIdentity>> copy = new TreeMap<>();
        users.forEach((index, byName) -> copy.put(index, Map.copyOf(byName)));
        users = java.util.Collections.unmodifiableMap(copy);
    }

    /** The first report day exported: the fourth of a long demo, the second of a short one. */
    static int exportFrom(int days) {
        return days < 2 ? DemoOrganization.NEVER : days >= 20 ? 3 : 1;
    }

    /** The team of an account: {@code payments-prd} → {@code payments}. */
    static String team(String accountName) {
        return accountName.replaceFirst("-(prd|stg)$", "");
    }

    static boolean isProduction(String accountName) {
        return accountName.endsWith("-prd");
    }

    /** The tags of an IAM user, or none. */
    Map<String, String> tags(int accountIndex, String userName) {
        IamIdentity identity = users.getOrDefault(accountIndex, Map.of()).get(userName);
        Map<String, String> tags = new LinkedHashMap<>();
        if (identity != null && identity.emailTag() != null) {
            tags.put("email", identity.emailTag());
        }
        if (identity != null && identity.ownerTag() != null) {
            tags.put("owner", identity.ownerTag());
        }
        return tags;
    }

    IamIdentity identity(int accountIndex, String userName) {
        return users.getOrDefault(accountIndex, Map.of()).get(userName);
    }

    /**
     * @param allowlisted users the allowlist accepts ("index/name"): they are left out of the adjustments
     * @param reports     whether the account of an index reports on a day: the adjustments look only there
     */
    static DemoIdentities plan(DemoOrganization org, long seed, int idleDays, Set<String> allowlisted, Reports reports) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 17);
        int exportFrom = exportFrom(org.days());
        Map<String, Match> kinds = new HashMap<>();
        Map<Integer, Map<String, IamIdentity>> users = new TreeMap<>();
        for (DemoAccount account : org.accounts()) {
            Map<String, IamIdentity> byName = new LinkedHashMap<>();
            for (DemoUser user : account.users()) {
                byName.put(user.name(), identity(org, account, user, kinds, random));
            }
            users.put(account.index(), byName);
        }
        DemoIdentities identities = new DemoIdentities(exportFrom, idleDays, persons(kinds), users);
        return identities.covering(org, allowlisted, reports);
    }

    private static IamIdentity identity(DemoOrganization org, DemoAccount account, DemoUser user, Map<String, Match> kinds,
                                        SplittableRandom random) {
        String team = team(account.name());
        if (!user.name().contains(".")) {
            String owner = random.nextDouble() < 0.3 ? team + "-sre@example.com" : null;
            return new IamIdentity(Match.MACHINE, DemoOrganization.NEVER, false, null, null, owner);
        }
        Match match = kinds.computeIfAbsent(user.name(), name -> {
            double r = random.nextDouble();
            return r < 0.45 ? Match.USER_NAME : r < 0.75 ? Match.EMAIL : r < 0.85 ? Match.MAPPING : Match.LEAVER;
        });
        String email = match == Match.EMAIL ? user.name() + "@example.com" : null;
        String owner = random.nextDouble() < 0.2 ? user.name() + "@example.com" : null;
        int assigned = DemoOrganization.NEVER;
        boolean straggler = user.console() && user.consoleOffDay() == DemoOrganization.NEVER && user.deleteDay() == DemoOrganization.NEVER;
        if (match != Match.LEAVER && !straggler && random.nextDouble() >= 0.12) {
            int before = Math.min(user.consoleOffDay(), user.deleteDay());
            int last = Math.min(org.days() - 1, before == DemoOrganization.NEVER ? org.days() - 1 : before - 1);
            assigned = random.nextDouble() < 0.35 || last < 1 ? 0 : 1 + random.nextInt(last);
            assigned = Math.max(Math.max(0, user.createdDay()), assigned);
        }
        boolean viaGroup = isProduction(account.name()) && random.nextDouble() < 0.6;
        String permissionSet = DIRECT_PERMISSION_SETS.get(random.nextInt(DIRECT_PERMISSION_SETS.size()));
        return new IamIdentity(match, assigned, viaGroup, permissionSet, email, owner);
    }

    private static Map<String, Person> persons(Map<String, Match> kinds) {
        Map<String, Person> persons = new HashMap<>();
        kinds.forEach((name, match) -> {
            if (match == Match.LEAVER) {
                return;
            }
            String given = name.substring(0, name.indexOf('.'));
            String family = name.substring(name.indexOf('.') + 1);
            String userName = switch (match) {
                case USER_NAME -> name;
                case EMAIL -> name + "@example.com";
                // renamed at the move to Identity Center: only the mapping file ties the two
                default -> family + "." + given + "@corp.example.com";
            };
            persons.put(name, new Person(name, userName, capitalize(given), capitalize(family), userName.contains("@")
                    ? userName : name + "@example.com", match));
        });
        return persons;
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /**
     * The day the person of {@code user} in account {@code account} can first sign in to that account through
     * Identity Center: directly, or as a member of the team group assigned to every production account of the team.
     */
    int accessFrom(DemoOrganization org, DemoAccount account, String userName) {
        IamIdentity identity = identity(account.index(), userName);
        if (identity == null || identity.match() == Match.LEAVER || identity.match() == Match.MACHINE) {
            return DemoOrganization.NEVER;
        }
        int from = identity.assignedDay();
        if (isProduction(account.name())) {
            String team = team(account.name());
            for (DemoAccount other : org.accounts()) {
                IamIdentity same = identity(other.index(), userName);
                if (same != null && same.viaGroup() && same.assignedDay() != DemoOrganization.NEVER
                        && isProduction(other.name()) && team(other.name()).equals(team)) {
                    from = Math.min(from, same.assignedDay());
                }
            }
        }
        return from;
    }

    /** The group memberships to make: person IAM name → team → the day it joins the team group. */
    Map<String, Map<String, Integer>> memberships(DemoOrganization org) {
        Map<String, Map<String, Integer>> memberships = new TreeMap<>();
        for (DemoAccount account : org.accounts()) {
            users.getOrDefault(account.index(), Map.of()).forEach((name, identity) -> {
                if (identity.viaGroup() && identity.assignedDay() != DemoOrganization.NEVER && persons.containsKey(name)) {
                    memberships.computeIfAbsent(name, n -> new TreeMap<>()).merge(team(account.name()), identity.assignedDay(), Math::min);
                }
            });
        }
        return memberships;
    }

    /**
     * What migration_status should say of {@code user} in {@code account} on {@code day} (allowlist aside), or
     * {@code null} when the user does not exist that day.
     */
    Verdict verdict(DemoOrganization org, DemoAccount account, DemoUser user, int day) {
        if (!user.existsOn(day)) {
            return null;
        }
        boolean console = user.consoleOn(day);
        boolean keys = !user.keys().isEmpty() && day < user.keysOffDay();
        if (keys && !console) {
            return Verdict.machine_user;
        }
        if (day < exportFrom) {
            return Verdict.identity_center_unknown;
        }
        IamIdentity identity = identity(account.index(), user.name());
        if (identity == null || identity.match() == Match.LEAVER || identity.match() == Match.MACHINE) {
            return Verdict.no_identity;
        }
        if (accessFrom(org, account, user.name()) > day) {
            return Verdict.needs_assignment;
        }
        return idleDays(org, user, day) >= idleDays ? Verdict.ready_to_remove : Verdict.still_in_use;
    }

    /**
     * Whole days from the user's last activity (else its creation) to report day {@code day}, as the report says it:
     * a deleted password or key takes its last use with it ({@code N/A}).
     */
    static long idleDays(DemoOrganization org, DemoUser user, int day) {
        Instant last = user.consoleOn(day) ? user.passwordLastUsed(org, day) : null;
        for (int k = 0; k < user.keys().size() && day < user.keysOffDay(); k++) {
            Instant used = user.keyLastUsed(org, k, day);
            if (used != null && (last == null || used.isAfter(last))) {
                last = used;
            }
        }
        if (last == null) {
            last = user.createdAt();
        }
        return Duration.between(last.atZone(java.time.ZoneOffset.UTC).toLocalDate().atStartOfDay(),
                org.firstDay().plusDays(day).atStartOfDay()).toDays();
    }

    /** Whether account {@code index} reports on report day {@code day}. */
    @FunctionalInterface
    interface Reports {
        boolean on(int index, int day);
    }

    /** The verdicts predicted in the reports of the demo, allowlisted users left out. */
    Set<Verdict> verdicts(DemoOrganization org, Set<String> allowlisted, Reports reports) {
        Set<Verdict> seen = EnumSet.noneOf(Verdict.class);
        for (DemoAccount account : org.accounts()) {
            for (DemoUser user : account.users()) {
                if (allowlisted.contains(account.index() + "/" + user.name())) {
                    continue;
                }
                for (int day = 0; day < org.days(); day++) {
                    Verdict verdict = reports.on(account.index(), day) ? verdict(org, account, user, day) : null;
                    if (verdict != null) {
                        seen.add(verdict);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * This plan adjusted so that the reports show every verdict a person's IAM user can have: a leaver, a
     * person without access, a person with access whose IAM user idles, and one whose IAM user is still used. Each
     * adjustment takes a human IAM user of an account reporting on a day with an export, not taken by another.
     */
    private DemoIdentities covering(DemoOrganization org, Set<String> allowlisted, Reports reports) {
        if (exportFrom == DemoOrganization.NEVER) {
            return this;
        }
        DemoIdentities plan = this;
        Set<String> taken = new HashSet<>(allowlisted);
        for (Verdict wanted : List.of(Verdict.ready_to_remove, Verdict.still_in_use, Verdict.needs_assignment, Verdict.no_identity)) {
            if (plan.verdicts(org, allowlisted, reports).contains(wanted)) {
                continue;
            }
            DemoIdentities adjusted = plan.adjustedFor(org, wanted, taken, reports);
            plan = adjusted == null ? plan : adjusted;
        }
        return plan;
    }

    private DemoIdentities adjustedFor(DemoOrganization org, Verdict wanted, Set<String> taken, Reports reports) {
        for (int day = exportFrom; day < org.days(); day++) {
            for (DemoAccount account : org.accounts()) {
                if (!reports.on(account.index(), day)) {
                    continue;
                }
                for (DemoUser user : account.users()) {
                    String key = account.index() + "/" + user.name();
                    if (!user.name().contains(".") || taken.contains(key) || !user.existsOn(day)) {
                        continue;
                    }
                    long idle = idleDays(org, user, day);
                    Match match = identity(account.index(), user.name()).match();
                    Match person = match == Match.LEAVER ? Match.USER_NAME : match;
                    int from = Math.max(0, user.createdDay());
                    DemoIdentities adjusted = switch (wanted) {
                        // a margin of two days either side of the idle threshold: the views count whole days
                        case ready_to_remove -> idle >= idleDays + 2 ? with(account, user, person, from) : null;
                        case still_in_use -> idle < idleDays - 2 ? with(account, user, person, from) : null;
                        case needs_assignment -> with(account, user, person, DemoOrganization.NEVER);
                        case no_identity -> with(account, user, Match.LEAVER, DemoOrganization.NEVER);
                        default -> null;
                    };
                    if (adjusted != null && adjusted.verdict(org, account, user, day) == wanted) {
                        taken.add(key);
                        return adjusted;
                    }
                }
            }
        }
        return null;
    }

    /** This plan with {@code user}'s person made {@code match} (for all its accounts) and its access here from {@code day}. */
    private DemoIdentities with(DemoAccount account, DemoUser user, Match match, int day) {
        Map<String, Match> kinds = new HashMap<>();
        users.values().forEach(byName -> byName.forEach((name, identity) -> {
            if (identity.match() != Match.MACHINE) {
                kinds.put(name, identity.match());
            }
        }));
        kinds.put(user.name(), match);
        Map<Integer, Map<String, IamIdentity>> changed = new TreeMap<>();
        users.forEach((index, byName) -> {
            Map<String, IamIdentity> copy = new LinkedHashMap<>();
            byName.forEach((name, identity) -> {
                IamIdentity updated = identity;
                if (name.equals(user.name()) && identity.match() != Match.MACHINE) {
                    boolean here = index == account.index();
                    int assigned = here ? day : match == Match.LEAVER ? DemoOrganization.NEVER : identity.assignedDay();
                    updated = new IamIdentity(match, assigned, here ? false : identity.viaGroup(), identity.permissionSet(),
                            match == Match.EMAIL ? name + "@example.com" : null, identity.ownerTag());
                }
                copy.put(name, updated);
            });
            changed.put(index, copy);
        });
        return new DemoIdentities(exportFrom, idleDays, persons(kinds), changed);
    }

    /** The persons in a stable order (by IAM name). */
    List<Person> personList() {
        List<Person> list = new ArrayList<>(persons.values());
        list.sort(java.util.Comparator.comparing(Person::iamName));
        return list;
    }
}
