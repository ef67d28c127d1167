package dev.stocktake.cli.demo;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.stocktake.cli.demo.DemoIdentities.IamIdentity;
import dev.stocktake.cli.demo.DemoIdentities.Person;
import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.emulator.EmulatorIdentityCenter;
import dev.stocktake.emulator.EmulatorIdentityCenter.ExternalId;
import dev.stocktake.emulator.EmulatorIdentityCenter.UserEmail;
import dev.stocktake.emulator.FaultInjectingProxy;

/**
 * The demo organization's IAM Identity Center in the emulator, as its administrators would set it up through the
 * identitystore and sso-admin APIs ({@link EmulatorIdentityCenter}): the persons of {@link DemoIdentities} (provisioned
 * from an identity provider, so with an external ID), one group per team ({@code <team>-engineers}, assigned
 * {@code PowerUserAccess} on the team's production accounts) and an empty {@code security-auditors} group, then day by
 * day the people's access: memberships of their team group and direct USER assignments, each on the day the plan
 * gives it. The demo's proxy answers what moto cannot ({@link EmulatorIdentityCenter#install}: where a permission set
 * is provisioned, the external IDs).
 */
final class DemoIdentityCenter implements AutoCloseable {

    static final String IDENTITY_PROVIDER = "https://idp.example.com/scim";

    private final DemoOrganization plan;
    private final DemoIdentities identities;
    private final Map<Integer, String> accountIds;
    private final EmulatorIdentityCenter center;
    private final Map<String, String> permissionSets = new HashMap<>();
    private final Map<String, String> userIds = new HashMap<>();
    private final Map<String, String> groupIds = new TreeMap<>();
    private int assignments;
    private int memberships;

    private DemoIdentityCenter(DemoOrganization plan, DemoIdentities identities, Map<Integer, String> accountIds,
                               EmulatorIdentityCenter center) {
        this.plan = plan;
        this.identities = identities;
        this.accountIds = Map.copyOf(accountIds);
        this.center = center;
    }

    /**
     * Sets Identity Center up as it is before day 0 (persons, groups, the groups' assignments, the access people
     * already have on day 0), and has {@code proxy} answer for it where moto cannot.
     *
     * @param emulator   the emulator's endpoint (Identity Center is arranged there directly, as the management account)
     * @param accountIds each member account's ID, by its index in the plan
     */
    static DemoIdentityCenter seed(URI emulator, FaultInjectingProxy proxy, DemoOrganization plan, DemoIdentities identities,
                                   Map<Integer, String> accountIds) {
        DemoIdentityCenter center = new DemoIdentityCenter(plan, identities, accountIds,
                EmulatorIdentityCenter.connect(emulator).install(proxy));
        center.arrange();
        center.grant(0);
        return center;
    }

    String instanceArn() {
        return center.instanceArn();
    }

    int persons() {
        return userIds.size();
    }

    int groups() {
        return groupIds.size() + 1;
    }

    /** Direct and group assignments made so far. */
    int assignments() {
        return assignments;
    }

    int memberships() {
        return memberships;
    }

    private void arrange() {
        List<String> names = new ArrayList<>(DemoIdentities.DIRECT_PERMISSION_SETS);
        names.add(DemoIdentities.GROUP_PERMISSION_SET);
        names.forEach(name -> permissionSets.put(name, center.createPermissionSet(name)));
        for (Person person : identities.personList()) {
            String id = center.createUser(person.userName(), person.displayName(), List.of(new UserEmail(person.email(), "work", true)));
            center.setExternalIds(id, List.of(new ExternalId(IDENTITY_PROVIDER, "emp-" + Integer.toHexString(person.iamName().hashCode()))));
            userIds.put(person.iamName(), id);
        }
        for (DemoAccount account : plan.accounts()) {
            groupIds.computeIfAbsent(DemoIdentities.team(account.name()), team -> center.createGroup(team + "-engineers"));
        }
        // a group nobody is in yet: exported, assigned nowhere
        center.createGroup("security-auditors");
        for (DemoAccount account : plan.accounts()) {
            if (DemoIdentities.isProduction(account.name())) {
                center.assignGroup(accountIds.get(account.index()), permissionSets.get(DemoIdentities.GROUP_PERMISSION_SET),
                        groupIds.get(DemoIdentities.team(account.name())));
                assignments++;
            }
        }
    }

    /** Gives people the access the plan gives them on report day {@code day}: team group memberships, direct assignments. */
    void grant(int day) {
        identities.memberships(plan).forEach((iamName, teams) -> teams.forEach((team, from) -> {
            if (from == day) {
                center.addMember(groupIds.get(team), userIds.get(iamName));
                memberships++;
            }
        }));
        for (DemoAccount account : plan.accounts()) {
            for (Map.Entry<String, IamIdentity> entry : identities.users().getOrDefault(account.index(), Map.of()).entrySet()) {
                IamIdentity identity = entry.getValue();
                if (!identity.viaGroup() && identity.assignedDay() == day && userIds.containsKey(entry.getKey())) {
                    center.assignUser(accountIds.get(account.index()), permissionSets.get(identity.permissionSet()),
                            userIds.get(entry.getKey()));
                    assignments++;
                }
            }
        }
    }

    @Override
    public void close() {
        center.close();
    }
}
