package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.stocktake.allowlist.IdentityMapping;
import dev.stocktake.allowlist.MigrationSettings;
import dev.stocktake.cli.demo.DemoIdentities.IamIdentity;
import dev.stocktake.cli.demo.DemoIdentities.Match;
import dev.stocktake.cli.demo.DemoIdentities.Person;
import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

/**
 * The demo's migration configuration, as a deployment would put it into the bucket: the {@code migration} section
 * of the config (idle days, tag names, the default owners of the Staging OU and of the organization, and staged
 * milestones like the talk's 300+ → under 100 → 30 → 0, scaled to the demo's console users on day 0, plus one for
 * the Production OU), turned into {@code migration-settings.csv} and {@code milestones.csv} by the allowlist module's
 * {@link MigrationSettings}, the same class the CDK app uses; and the identity-mapping file for the IAM users that
 * only a person can tie to their Identity Center user, checked with {@link IdentityMapping}.
 */
final class DemoMigration {

    static final String SETTINGS_KEY = "migration-settings/migration-settings.csv";
    static final String MILESTONES_KEY = "milestones/milestones.csv";
    static final String MAPPING_KEY = "identity-mapping/identity-mapping.csv";
    static final String STAGING_OWNER = "platform-team@example.com";
    static final String ORGANIZATION_OWNER = "cloud-center-of-excellence@example.com";
    static final int IDLE_DAYS = 90;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    /** One milestone as configured. */
    record Milestone(LocalDate day, int maxConsoleUsers, String scope, String name) {
    }

    private DemoMigration() {
    }

    /** The config's {@code migration} section for the demo organization. */
    static ObjectNode config(DemoOrganization plan, DemoDirectory.Units units) {
        ObjectNode migration = JSON.createObjectNode();
        migration.put("idleDays", IDLE_DAYS);
        migration.put("userEmailTag", "email");
        migration.put("userOwnerTag", "owner");
        migration.put("accountOwnerTag", "owner");
        ArrayNode owners = migration.putArray("defaultOwners");
        owners.addObject().put("scope", units.staging()).put("owner", STAGING_OWNER);
        owners.addObject().put("scope", "").put("owner", ORGANIZATION_OWNER);
        ArrayNode milestones = migration.putArray("milestones");
        for (Milestone milestone : milestones(plan, units)) {
            ObjectNode node = milestones.addObject().put("day", milestone.day().toString()).put("maxConsoleUsers", milestone.maxConsoleUsers());
            if (milestone.scope() != null) {
                node.put("scope", milestone.scope());
            }
            if (milestone.name() != null) {
                node.put("name", milestone.name());
            }
        }
        return migration;
    }

    /**
     * The demo's milestones: for the organization, under a third of day 0's console users two fifths of the way, a
     * tenth four fifths of the way, zero a month after the last day; for the Production OU, a quarter of its day-0
     * console users three fifths of the way. A demo of fewer than 3 days has only the last one.
     */
    static List<Milestone> milestones(DemoOrganization plan, DemoDirectory.Units units) {
        int days = plan.days();
        LocalDate first = plan.firstDay();
        LocalDate last = first.plusDays(days - 1L);
        long start = plan.accounts().stream().flatMap(account -> account.users().stream()).filter(user -> user.consoleOn(0)).count();
        long production = plan.accounts().stream().filter(account -> DemoIdentities.isProduction(account.name()))
                .flatMap(account -> account.users().stream()).filter(user -> user.consoleOn(0)).count();
        List<Milestone> milestones = new ArrayList<>();
        if (days >= 3) {
            int third = (int) (start / 3);
            int tenth = (int) (start / 10);
            milestones.add(new Milestone(first.plusDays(Math.round(0.4 * (days - 1))), third, null, "under " + (third + 1)));
            milestones.add(new Milestone(first.plusDays(Math.round(0.8 * (days - 1))), tenth, null, "down to " + tenth));
            milestones.add(new Milestone(first.plusDays(Math.round(0.6 * (days - 1))), (int) (production / 4), units.production(),
                    "production down to a quarter"));
        }
        milestones.add(new Milestone(last.plusDays(30), 0, null, "zero"));
        return milestones;
    }

    /** {@code migration-settings.csv} and {@code milestones.csv}, by key, from the config section. */
    static Map<String, byte[]> settingsFiles(ObjectNode migration) {
        MigrationSettings settings = MigrationSettings.fromConfig(migration, "the demo's migration config");
        return Map.of(SETTINGS_KEY, settings.settingsCsv().getBytes(StandardCharsets.UTF_8),
                MILESTONES_KEY, settings.milestonesCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** One line of the identity-mapping file. */
    record MappingLine(String account, String iamUser, String identityCenterUser, String reason) {

        String[] fields() {
            return new String[] {account, iamUser, identityCenterUser, reason};
        }
    }

    /**
     * The identity-mapping lines: the IAM users whose person was renamed at the move to Identity Center (only this
     * file ties them), the first of them for its account only and the rest for every account ({@code *}); and one
     * line left behind for a leaver whose person no longer exists (it names no one: no match).
     *
     * @param accountIds each member account's ID, by its index in the plan
     */
    static List<MappingLine> mapping(DemoOrganization plan, DemoIdentities identities, Map<Integer, String> accountIds) {
        List<MappingLine> lines = new ArrayList<>();
        boolean first = true;
        for (Person person : identities.personList()) {
            if (person.match() != Match.MAPPING) {
                continue;
            }
            if (first) {
                for (DemoAccount account : plan.accounts()) {
                    if (account.user(person.iamName()) != null) {
                        lines.add(new MappingLine(accountIds.get(account.index()), person.iamName(), person.userName(),
                                "Renamed when moving to Identity Center; confirmed by " + DemoDirectory.owner(account.name())));
                    }
                }
                first = false;
            } else {
                lines.add(new MappingLine("*", person.iamName(), person.userName(), "Renamed when moving to Identity Center (HR record)"));
            }
        }
        leaver(plan, identities).ifPresent(name -> lines.add(new MappingLine("*", name,
                name.substring(name.indexOf('.') + 1) + "." + name.substring(0, name.indexOf('.')) + "@corp.example.com",
                "Left the company; the person was deleted, the mapping was not")));
        return lines;
    }

    private static java.util.Optional<String> leaver(DemoOrganization plan, DemoIdentities identities) {
        for (DemoAccount account : plan.accounts()) {
            for (DemoUser user : account.users()) {
                IamIdentity identity = identities.identity(account.index(), user.name());
                if (identity != null && identity.match() == Match.LEAVER) {
                    return java.util.Optional.of(user.name());
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The file: a comment, the header and the lines; checked with the allowlist module's own validation. */
    static byte[] mappingCsv(List<MappingLine> lines) {
        String rows;
        try {
            rows = CSV.writer(CsvSchema.emptySchema().withLineSeparator("\n"))
                    .writeValueAsString(lines.stream().map(MappingLine::fields).toArray(String[][]::new));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the demo's identity mapping as CSV", e);
        }
        String csv = "# The demo's identity mapping: written by ./stocktake demo\naccount,iam_user,identity_center_user,reason\n" + rows;
        try {
            IdentityMapping.parse("the demo's identity-mapping.csv", new StringReader(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return csv.getBytes(StandardCharsets.UTF_8);
    }
}
