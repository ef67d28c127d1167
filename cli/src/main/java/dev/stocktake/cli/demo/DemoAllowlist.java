package dev.stocktake.cli.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

/**
 * The demo's allowlist ({@code allowlist/allowlist.csv}, in the allowlist module's format), chosen from the plan so
 * that the last day shows each status: a machine user whose access keys are <b>allowed</b> until well after the last
 * day; a console user whose entry <b>expired</b> twelve days before it; and a console user listed for access keys only
 * (a <b>violation</b>: it holds a credential its entry does not allow). Users are taken from accounts that report on
 * the last day. A small demo whose users hold fewer credentials by then falls back: a console user allowed, or a user
 * holding nothing allowed {@code both}; any user for the expired entry; the violation is left out when no user holds
 * a credential.
 */
final class DemoAllowlist {

    /** Quotes a field only when it must be (a comma, a quote, a line break), as a person writing the file would. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    /** One entry and the status it gives its user on the last day. */
    record Entry(String accountId, String accountName, String user, String credentials, String owner, String reason,
                 String ticket, LocalDate expires, String status) {

        /** The entry as the file's columns: {@link Allowlist#HEADER}. */
        String[] fields() {
            return new String[] {accountId, user, credentials, owner, reason, ticket, expires.toString()};
        }
    }

    private DemoAllowlist() {
    }

    /**
     * @param accountIds each account's ID, by its index in the plan
     * @param excluded   accounts without a report on the last day (failing, suspended)
     */
    static List<Entry> choose(DemoOrganization plan, Map<Integer, String> accountIds, Predicate<Integer> excluded) {
        int last = plan.days() - 1;
        LocalDate lastDay = plan.firstDay().plusDays(last);
        Predicate<DemoUser> keys = user -> user.existsOn(last) && !user.keys().isEmpty() && user.keysOffDay() > last;
        Predicate<DemoUser> console = user -> user.consoleOn(last);
        List<Entry> entries = new ArrayList<>();
        // allowed: a machine user's access keys; else a console password; else a user holding neither ('both' allows it)
        Predicate<DemoUser> keysOnly = keys.and(console.negate());
        Predicate<DemoUser> consoleOnly = console.and(keys.negate());
        String allowedKind = any(plan, excluded, keysOnly) ? "access-keys" : any(plan, excluded, consoleOnly) ? "console" : "both";
        Predicate<DemoUser> allowable = allowedKind.equals("access-keys") ? keysOnly : allowedKind.equals("console") ? consoleOnly
                : user -> user.existsOn(last);
        pick(plan, excluded, allowable, (account, user) -> entries.add(new Entry(accountIds.get(account.index()), account.name(),
                user.name(), allowedKind, DemoDirectory.owner(account.name()), allowedKind.equals("access-keys")
                        ? "Vendor integration that only accepts access keys" : "Break-glass access while SSO is rolled out",
                "OPS-101", lastDay.plusDays(120), "allowed")));
        // expired: a console user whose entry ended twelve days before the last day; else any user there
        Predicate<DemoUser> notTaken = user -> entries.stream().noneMatch(entry -> entry.user().equals(user.name()));
        Predicate<DemoUser> expirable = any(plan, excluded, console.and(notTaken)) ? console.and(notTaken)
                : ((Predicate<DemoUser>) user -> user.existsOn(last)).and(notTaken);
        pick(plan, excluded, expirable, (account, user) -> entries.add(new Entry(accountIds.get(account.index()), account.name(),
                user.name(), "console", DemoDirectory.owner(account.name()), "Break-glass access until the SSO rollout, then remove",
                "SEC-7", lastDay.minusDays(12), "expired")));
        // violation: a user holding a credential its entry does not allow
        Predicate<DemoUser> untaken = user -> entries.stream().noneMatch(entry -> entry.user().equals(user.name()));
        pick(plan, excluded, console.and(untaken).or(keys.and(untaken)), (account, user) -> {
            boolean holdsConsole = console.test(user);
            entries.add(new Entry(accountIds.get(account.index()), account.name(), user.name(),
                    holdsConsole ? "access-keys" : "console", DemoDirectory.owner(account.name()),
                    holdsConsole ? "Reporting scripts, keys only" : "Console access for audits, no keys", "OPS-214",
                    lastDay.plusDays(60), "violation"));
        });
        return entries;
    }

    private static boolean any(DemoOrganization plan, Predicate<Integer> excluded, Predicate<DemoUser> wanted) {
        return plan.accounts().stream().filter(account -> !excluded.test(account.index()))
                .anyMatch(account -> account.users().stream().anyMatch(wanted));
    }

    /** The file: the allowlist's header and the entries; checked with the allowlist module's own validation. */
    static byte[] csv(List<Entry> entries) {
        String rows;
        try {
            rows = CSV.writer(CsvSchema.emptySchema().withLineSeparator("\n"))
                    .writeValueAsString(entries.stream().map(Entry::fields).toArray(String[][]::new));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the demo's allowlist as CSV", e);
        }
        String csv = "# The demo's allowlist: written by ./stocktake demo\n" + Allowlist.HEADER + "\n" + rows;
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Allowlist.parse("the demo's allowlist.csv", bytes);
        return bytes;
    }

    private static void pick(DemoOrganization plan, Predicate<Integer> excluded, Predicate<DemoUser> wanted,
                             java.util.function.BiConsumer<DemoAccount, DemoUser> use) {
        for (DemoAccount account : plan.accounts()) {
            if (excluded.test(account.index())) {
                continue;
            }
            for (DemoUser user : account.users()) {
                if (wanted.test(user)) {
                    use.accept(account, user);
                    return;
                }
            }
        }
    }
}
