package dev.stocktake.cli.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.table.TableDefinition;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The organization's accounts as the doctor holds the reports against them: from Organizations with the management
 * account's credentials ({@code ListAccounts}, and the accounts under each target OU), else from the account
 * directory's export of the day in the central bucket ({@code accounts/YYYY/MM/DD/accounts.csv}).
 *
 * @param source where the list came from, for the output
 */
record Organization(List<Member> accounts, String source) {

    /**
     * One account.
     *
     * @param state         {@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_CLOSURE}, {@code CLOSED}...
     * @param joined        when it joined the organization, or null when not known
     * @param inTargetOus   whether it sits under one of {@code targetOuIds} (the StackSet deploys there)
     */
    record Member(String id, String name, String state, Instant joined, boolean inTargetOus) {

        boolean active() {
            return "ACTIVE".equals(state);
        }

        /** As the coverage view: active, and joined before the day (one that joins today is expected tomorrow). */
        boolean expectedOn(LocalDate day, ZoneId zone) {
            return active() && (joined == null || joined.atZone(zone).toLocalDate().isBefore(day));
        }

        String label() {
            return id + (name == null ? "" : " (" + name + ")");
        }
    }

    Organization {
        accounts = List.copyOf(accounts);
    }

    /** From Organizations: every account, and which of them sit under the target OUs. */
    static Organization fromOrganizations(AwsAccess access, DeploymentConfig config) {
        AwsAccess.Account management = access.account(AwsAccess.Role.MANAGEMENT);
        OrganizationsClient organizations = access.organizations(management);
        List<Account> all = Calls.call(management, "organizations:ListAccounts",
                () -> organizations.listAccountsPaginator(r -> { }).stream().flatMap(page -> page.accounts().stream()).toList());
        Set<String> targeted = new HashSet<>();
        boolean wholeOrganization = config.targetOuIds().stream().anyMatch(id -> id.startsWith("r-"));
        if (!wholeOrganization) {
            Deque<String> parents = new ArrayDeque<>(config.targetOuIds());
            while (!parents.isEmpty()) {
                String parent = parents.pop();
                try {
                    Calls.call(management, "organizations:ListAccountsForParent",
                            () -> organizations.listAccountsForParentPaginator(r -> r.parentId(parent)).stream()
                                    .flatMap(page -> page.accounts().stream()).map(Account::id).toList()).forEach(targeted::add);
                    Calls.call(management, "organizations:ListOrganizationalUnitsForParent",
                            () -> organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parent))
                                    .stream().flatMap(page -> page.organizationalUnits().stream()).map(OrganizationalUnit::id).toList()).forEach(parents::push);
                } catch (AwsServiceException e) {
                    if (Calls.is(e, "ParentNotFoundException")) {
                        throw new CheckUnavailable("targetOuIds names " + parent + ", which is not an OU of this organization",
                                "correct targetOuIds in " + config.file() + " and deploy StocktakeStackSet again");
                    }
                    throw e;
                }
            }
        }
        List<Member> members = new ArrayList<>();
        for (Account account : all) {
            String state = account.stateAsString() != null ? account.stateAsString() : account.statusAsString();
            members.add(new Member(account.id(), account.name(), state, account.joinedTimestamp(),
                    wholeOrganization || targeted.contains(account.id())));
        }
        return new Organization(members, "Organizations ListAccounts in the management account");
    }

    /** From the account directory's export of {@code day} in the central bucket (when Organizations cannot be read). */
    static Organization fromDirectoryExport(AwsAccess access, DeploymentConfig config, LocalDate day) {
        AwsAccess.Account central = access.account(AwsAccess.Role.CENTRAL);
        String key = directoryKey(day);
        S3Client s3 = access.s3(central);
        List<Member> members = new ArrayList<>();
        try (InputStream in = Calls.call(central, "s3:GetObject", () -> s3.getObject(r -> r.bucket(config.bucket()).key(key)));
             MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String ouIdPath = row.getOrDefault("ou_id_path", "");
                boolean targeted = config.targetOuIds().stream().anyMatch(ou -> List.of(ouIdPath.split("/")).contains(ou));
                String state = row.get("state") == null || row.get("state").isEmpty() ? row.get("status") : row.get("state");
                members.add(new Member(row.get("account_id"), row.get("account_name"), state, instant(row.get("joined_timestamp")),
                        targeted));
            }
        } catch (AwsServiceException e) {
            if (Calls.is(e, "NoSuchKey")) {
                throw new CheckUnavailable("Organizations could not be read, and there is no account directory export for "
                        + day + " (s3://" + config.bucket() + "/" + key + ")",
                        "pass --management-profile (organizations:ListAccounts), or see the directory check");
            }
            throw e;
        } catch (IOException e) {
            throw new CheckUnavailable("s3://" + config.bucket() + "/" + key + " could not be read as the account directory's CSV: "
                    + e.getMessage(), "run the account directory again (aws lambda invoke --function-name "
                    + DeployedNames.DIRECTORY_FUNCTION + " out.json in the management account)");
        }
        return new Organization(members, "the account directory export of " + day);
    }

    /** The directory export's key for {@code day}. */
    static String directoryKey(LocalDate day) {
        return TableDefinition.DEFAULT_ACCOUNTS_PREFIX + ReportKeys.datePath(day) + "accounts.csv";
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
