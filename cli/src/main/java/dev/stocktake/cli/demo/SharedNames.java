package dev.stocktake.cli.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.sql.engine.LocalAthena;

/**
 * Account names that more than one account of the demo's organization holds (names are not unique in an
 * organization), with what the views counted for each of those accounts: each is its own account, with its own
 * reports and its own users.
 */
record SharedNames(Map<String, List<Counted>> byName) {

    /** One account's figures: the days its report was counted, and its IAM users on the latest of them. */
    record Counted(String accountId, long daysReported, LocalDate latestDay, long users) {
    }

    SharedNames {
        byName = Map.copyOf(byName);
    }

    static SharedNames of(LocalAthena athena) {
        var rows = athena.execute("shared names", """
                with per_account as (
                    select account_name, account_id, count(distinct dt) as days_reported, max(dt) as latest_day
                    from iam_users
                    group by account_name, account_id)
                select a.account_name, a.account_id, a.days_reported, a.latest_day, count_if(not u.is_root) as users
                from per_account a
                join iam_users u on u.account_id = a.account_id and u.dt = a.latest_day
                where a.account_name in (
                    select account_name from per_account group by account_name having count(*) > 1)
                group by a.account_name, a.account_id, a.days_reported, a.latest_day
                order by a.account_name, a.account_id""").rows();
        Map<String, List<Counted>> byName = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            byName.computeIfAbsent((String) row.get(0), name -> new ArrayList<>())
                    .add(new Counted((String) row.get(1), (Long) row.get(2), (LocalDate) row.get(3), (Long) row.get(4)));
        }
        byName.replaceAll((name, counted) -> List.copyOf(counted));
        return new SharedNames(byName);
    }
}
