package dev.stocktake.directory;

import dev.stocktake.support.aws.AwsErrors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.Root;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * Reads the organization: every account with its status, OU path (names and IDs) and tags. Walks the OU tree
 * from the root down (two calls per OU) instead of asking each account for its parents, so an
 * organization of 1,000 accounts in 50 OUs costs about 1,000 tag calls, 100 tree calls and 50
 * list pages. Throttling is retried with backoff within the deadline.
 *
 * <p>Needs {@code organizations:ListRoots}, {@code ListOrganizationalUnitsForParent},
 * {@code ListAccountsForParent}, {@code ListAccounts} and {@code ListTagsForResource}.
 */
public final class OrganizationDirectory {

    private final OrganizationsClient organizations;

    public OrganizationDirectory(OrganizationsClient organizations) {
        this.organizations = organizations;
    }

    public List<AccountRecord> read(Deadline deadline, Retrier retrier) {
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> pathOf = new HashMap<>();
        Map<String, String> idPathOf = new HashMap<>();
        for (Root root : call(deadline, retrier, () -> organizations.listRootsPaginator(r -> { }).stream().flatMap(page -> page.roots().stream()).toList())) {
            walk(root.id(), root.name() == null ? "Root" : root.name(), root.id(), parentOf, pathOf, idPathOf, deadline, retrier);
        }
        List<Account> accounts = call(deadline, retrier,
                () -> organizations.listAccountsPaginator(r -> { }).stream().flatMap(page -> page.accounts().stream()).toList());
        List<AccountRecord> records = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            String parent = parentOf.get(account.id());
            Map<String, String> tags = new TreeMap<>();
            for (Tag tag : call(deadline, retrier, () -> organizations.listTagsForResourcePaginator(r -> r.resourceId(account.id()))
                    .stream().flatMap(page -> page.tags().stream()).toList())) {
                tags.put(tag.key(), tag.value());
            }
            String state = account.stateAsString() != null ? account.stateAsString() : account.statusAsString();
            records.add(new AccountRecord(account.id(), account.name(), account.email(), account.statusAsString(), state,
                    account.joinedMethodAsString(), account.joinedTimestamp(), parent, parent == null ? null : pathOf.get(parent),
                    new TreeMap<>(tags), parent == null ? null : idPathOf.get(parent)));
        }
        return records;
    }

    private void walk(String parentId, String path, String idPath, Map<String, String> parentOf, Map<String, String> pathOf,
                      Map<String, String> idPathOf, Deadline deadline, Retrier retrier) {
        pathOf.put(parentId, path);
        idPathOf.put(parentId, idPath);
        for (Account account : call(deadline, retrier,
                () -> organizations.listAccountsForParentPaginator(r -> r.parentId(parentId)).stream()
                        .flatMap(page -> page.accounts().stream()).toList())) {
            parentOf.put(account.id(), parentId);
        }
        for (OrganizationalUnit ou : call(deadline, retrier,
                () -> organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parentId))
                        .stream().flatMap(page -> page.organizationalUnits().stream()).toList())) {
            walk(ou.id(), path + "/" + ou.name(), idPath + "/" + ou.id(), parentOf, pathOf, idPathOf, deadline, retrier);
        }
    }

    private static <T> T call(Deadline deadline, Retrier retrier, Retrier.SdkCall<T> call) {
        return retrier.call(DirectoryException.giveUp(), deadline, AwsErrors::isTransient, call);
    }
}
