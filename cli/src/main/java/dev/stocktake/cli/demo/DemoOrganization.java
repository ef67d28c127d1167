package dev.stocktake.cli.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated organization of the demo, decided up front from a seed: its accounts, their IAM users, and each
 * user's timeline through a migration to SSO (console password disabled, unused user deleted, access keys removed,
 * new users appearing). Day 0 is the first report day; nothing changes before it is collected.
 *
 * @param firstDay the date of day 0
 * @param days     report days, day 0 to {@code days - 1}
 */
record DemoOrganization(LocalDate firstDay, int days, List<DemoAccount> accounts) {

    /** A day that never comes: the event does not happen within the demo. */
    static final int NEVER = Integer.MAX_VALUE;

    private static final String[] TEAMS = {
            "payments", "checkout", "search", "catalog", "identity", "billing", "data-platform", "ml-ranking",
            "mobile-app", "web-front", "ads", "logistics", "inventory", "fraud", "support", "crm", "analytics",
            "marketing", "security", "observability", "platform", "network", "points", "media", "notifications"};
    private static final String[] GIVEN = {
            "akira", "yui", "haruto", "sakura", "ren", "hina", "sota", "mei", "kenji", "aoi", "daiki", "emma", "liam",
            "noah", "olivia", "mia", "lucas", "chloe", "arjun", "priya", "wei", "jin", "sofia", "mateo", "nora", "omar"};
    private static final String[] FAMILY = {
            "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto", "nakamura", "kobayashi", "kato",
            "smith", "garcia", "chen", "kim", "nguyen", "patel", "muller", "rossi", "silva", "dubois"};
    private static final String[] BOTS = {
            "deploy-bot", "terraform", "ci-runner", "backup-s3", "legacy-etl", "datadog-integration", "github-actions",
            "jenkins", "batch+nightly", "s3-sync", "monitoring", "cost-report", "smtp-relay", "log-shipper"};
    private static final String[] REGIONS = {"ap-northeast-1", "us-east-1", "ap-northeast-1", "us-west-2"};
    private static final String[] SERVICES = {"s3", "sts", "ec2", "dynamodb", "sqs", "ecr", "cloudwatch"};

    DemoOrganization {
        accounts = List.copyOf(accounts);
    }

    /** The instant of {@code hour}:{@code minute} UTC on day {@code day}. */
    Instant at(int day, int hour, int minute) {
        return firstDay.plusDays(day).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    int users() {
        return accounts.stream().mapToInt(account -> account.users().size()).sum();
    }

    /** Users that exist before day 0 (the seed). */
    int seededUsers() {
        return (int) accounts.stream().flatMap(account -> account.users().stream()).filter(user -> user.createdDay() < 0).count();
    }

    /**
     * An organization of {@code accountCount} accounts named {@code <team>-prd} / {@code <team>-stg} (the last one
     * shares the first one's name), about 6.6 IAM users each.
     */
    static DemoOrganization generate(int accountCount, int days, LocalDate firstDay, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DemoAccount> accounts = new ArrayList<>();
        Planner planner = new Planner(days, random);
        for (int i = 0; i < accountCount; i++) {
            String name = accountName(i);
            if (accountCount >= 3 && i == accountCount - 1) {
                name = accountName(0);
            }
            int pace = random.nextInt(3);
            boolean production = name.endsWith("-prd");
            int count = 2 + random.nextInt(production ? 11 : 9);
            Set<String> names = new HashSet<>();
            List<DemoUser> users = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                users.add(planner.seededUser(unique(names, random), pace, firstDay));
            }
            if (random.nextDouble() < 0.15) {
                users.add(planner.newUser(unique(names, random), firstDay));
            }
            accounts.add(new DemoAccount(i, name, users));
        }
        return new DemoOrganization(firstDay, days, accounts);
    }

    private static String accountName(int index) {
        String team = TEAMS[(index / 2) % TEAMS.length];
        int round = index / (2 * TEAMS.length);
        return team + (round > 0 ? "-" + (round + 1) : "") + (index % 2 == 0 ? "-prd" : "-stg");
    }

    private static String unique(Set<String> taken, SplittableRandom random) {
        while (true) {
            String candidate = random.nextDouble() < 0.7
                    ? GIVEN[random.nextInt(GIVEN.length)] + "." + FAMILY[random.nextInt(FAMILY.length)]
                    : BOTS[random.nextInt(BOTS.length)];
            if (taken.add(candidate)) {
                return candidate;
            }
        }
    }

    private static boolean isBot(String name) {
        return !name.contains(".");
    }

    /** Decides each user's credentials, usage and timeline. */
    private record Planner(int days, SplittableRandom random) {

        /** Console passwords go first: the account's pace decides how early. */
        private int consoleDay(int pace) {
            return dayIn(0.04 + pace * 0.12, 0.30 + pace * 0.15);
        }

        private int deleteDay(int after) {
            return Math.max(after, dayIn(0.30, 0.75));
        }

        private int keysDay() {
            return dayIn(0.65, 0.97);
        }

        /** A day between the fractions {@code from} and {@code to} of the demo, never day 0 (the baseline). */
        private int dayIn(double from, double to) {
            if (days <= 1) {
                return NEVER;
            }
            int first = Math.max(1, (int) Math.round(from * (days - 1)));
            int last = Math.max(first, (int) Math.round(to * (days - 1)));
            return first + random.nextInt(last - first + 1);
        }

        private Instant daysBefore(LocalDate firstDay, int min, int max) {
            return firstDay.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .minusSeconds(86_400L * (min + random.nextInt(max - min + 1)) + random.nextInt(86_400));
        }

        DemoUser seededUser(String name, int pace, LocalDate firstDay) {
            double kind = random.nextDouble();
            if (isBot(name)) {
                return seededBot(name, firstDay, kind < 0.6);
            }
            // humans: active (signs in every few days), inactive (last sign-in months ago), never signed in
            boolean active = kind < 0.5;
            boolean never = kind >= 0.8;
            Instant lastSignIn = active ? daysBefore(firstDay, 1, 4) : never ? null : daysBefore(firstDay, 95, 500);
            Instant created = lastSignIn == null ? daysBefore(firstDay, 35, 900)
                    : lastSignIn.minusSeconds(86_400L * (20 + random.nextInt(900)));
            Usage signIns = active
                    ? new Usage(1 + random.nextInt(4), random.nextInt(4), 8 + random.nextInt(10), random.nextInt(60), lastSignIn)
                    : Usage.stoppedAt(lastSignIn);
            boolean mfa = random.nextDouble() < (active ? 0.65 : 0.3);
            List<DemoKey> keys = new ArrayList<>();
            if (random.nextDouble() < 0.25) {
                keys.add(key(created, active ? new Usage(1 + random.nextInt(3), random.nextInt(3), 9 + random.nextInt(9),
                        random.nextInt(60), daysBefore(firstDay, 1, 3)) : Usage.stoppedAt(random.nextBoolean() ? null : daysBefore(firstDay, 120, 400))));
            }
            boolean straggler = random.nextDouble() < 0.06;
            int consoleOff = straggler ? NEVER : consoleDay(pace);
            int delete = straggler || active ? NEVER : deleteDay(consoleOff);
            int keysOff = keys.isEmpty() || straggler ? NEVER : keysDay();
            Instant dayBeforeStart = firstDay.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(86_400);
            Instant passwordChanged = created.plusSeconds(86_400L * random.nextInt(30));
            if (passwordChanged.isAfter(dayBeforeStart)) {
                passwordChanged = created;
            }
            return new DemoUser(name, "/", created, -1, true, mfa, passwordChanged, signIns, keys, consoleOff, keysOff, delete);
        }

        private DemoUser seededBot(String name, LocalDate firstDay, boolean used) {
            Instant created = daysBefore(firstDay, 200, 1400);
            List<DemoKey> keys = new ArrayList<>();
            int count = random.nextDouble() < 0.75 ? 1 : 2;
            for (int k = 0; k < count; k++) {
                Usage usage = used && k == 0
                        ? new Usage(1, 0, random.nextInt(24), random.nextInt(60), daysBefore(firstDay, 0, 1))
                        : Usage.stoppedAt(random.nextBoolean() ? null : daysBefore(firstDay, 100, 190));
                keys.add(key(created, usage));
            }
            // unused bots are deleted (a few survive and stay stale); most used bots lose their keys last
            int delete = !used && random.nextDouble() < 0.85 ? deleteDay(1) : NEVER;
            int keysOff = used && random.nextDouble() < 0.7 ? keysDay() : NEVER;
            return new DemoUser(name, random.nextBoolean() ? "/service/" : "/", created, -1, false, false, null,
                    Usage.stoppedAt(null), keys, NEVER, keysOff, delete);
        }

        /** A user created during the migration: a console user who shows up in the change log, or a new bot. */
        DemoUser newUser(String name, LocalDate firstDay) {
            int day = dayIn(0.2, 0.8);
            if (day == NEVER) {
                day = days > 0 ? days - 1 : 0;
            }
            Instant created = firstDay.plusDays(day).atTime(10, random.nextInt(60)).toInstant(ZoneOffset.UTC);
            Usage usage = new Usage(1, 0, 14 + random.nextInt(4), random.nextInt(60), null);
            if (isBot(name)) {
                return new DemoUser(name, "/service/", created, day, false, false, null, Usage.stoppedAt(null),
                        List.of(new DemoKey(created, usage, REGIONS[random.nextInt(REGIONS.length)], SERVICES[random.nextInt(SERVICES.length)])),
                        NEVER, NEVER, NEVER);
            }
            int consoleOff = random.nextBoolean() && day != NEVER && day + 5 < days ? day + 5 : NEVER;
            return new DemoUser(name, "/", created, day, true, false, created, usage, List.of(), consoleOff, NEVER, NEVER);
        }

        private DemoKey key(Instant userCreated, Usage usage) {
            Instant created = userCreated.plusSeconds(random.nextInt(86_400 * 20));
            if (usage.lastBeforeStart() != null && created.isAfter(usage.lastBeforeStart())) {
                created = usage.lastBeforeStart().minusSeconds(86_400L * (1 + random.nextInt(30)));
            }
            return new DemoKey(created, usage, REGIONS[random.nextInt(REGIONS.length)], SERVICES[random.nextInt(SERVICES.length)]);
        }
    }

    /** A member account and every IAM user it will have had. */
    record DemoAccount(int index, String name, List<DemoUser> users) {

        DemoAccount {
            users = List.copyOf(users);
        }

        DemoUser user(String name) {
            for (DemoUser user : users) {
                if (user.name().equals(name)) {
                    return user;
                }
            }
            return null;
        }
    }

    /**
     * An IAM user and its timeline (days are report days; {@link #NEVER} when it does not happen).
     *
     * @param createdDay        -1 for users that exist before day 0, else the day the user is created
     * @param passwordChangedAt when the console password was set, {@code null} without one
     * @param consoleOffDay     the day the console password is deleted (moved to SSO)
     * @param keysOffDay        the day the access keys are deleted
     * @param deleteDay         the day the user is deleted
     */
    record DemoUser(String name, String path, Instant createdAt, int createdDay, boolean console, boolean mfa,
                    Instant passwordChangedAt, Usage signIns, List<DemoKey> keys, int consoleOffDay, int keysOffDay,
                    int deleteDay) {

        DemoUser {
            keys = List.copyOf(keys);
        }

        boolean existsOn(int day) {
            return createdDay <= day && day < deleteDay;
        }

        boolean consoleOn(int day) {
            return console && existsOn(day) && day < consoleOffDay;
        }

        /** The last console sign-in at or before report day {@code day}, or {@code null} when never. */
        Instant passwordLastUsed(DemoOrganization org, int day) {
            return signIns.lastUse(org, day, Math.max(createdDay, 0), Math.min(consoleOffDay, deleteDay));
        }

        /** The last use of key {@code index} at or before report day {@code day}, or {@code null} when never. */
        Instant keyLastUsed(DemoOrganization org, int index, int day) {
            return keys.get(index).usage().lastUse(org, day, Math.max(createdDay, 0), Math.min(keysOffDay, deleteDay));
        }
    }

    record DemoKey(Instant createdAt, Usage usage, String region, String service) {
    }

    /**
     * When a credential is used: every {@code periodDays} days (0: never during the demo) at {@code hour}:{@code minute}
     * on days whose number plus {@code phase} is a multiple of the period, and last at {@code lastBeforeStart}
     * (or never) before day 0.
     */
    record Usage(int periodDays, int phase, int hour, int minute, Instant lastBeforeStart) {

        static Usage stoppedAt(Instant lastUse) {
            return new Usage(0, 0, 0, 0, lastUse);
        }

        /** The last use on or before {@code day}, using only days in [{@code from}, {@code until}). */
        Instant lastUse(DemoOrganization org, int day, int from, int until) {
            if (periodDays > 0) {
                int last = Math.min(day, until == NEVER ? day : until - 1);
                for (int k = last; k >= from; k--) {
                    if ((k + phase) % periodDays == 0) {
                        return org.at(k, hour, minute);
                    }
                }
            }
            return lastBeforeStart;
        }
    }
}
