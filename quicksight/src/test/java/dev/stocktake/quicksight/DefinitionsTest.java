package dev.stocktake.quicksight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The dashboard only uses what its data sets offer, and its parts refer to one another consistently. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DefinitionsTest {
    static final QuickSightDefinitions QS = QuickSightDefinitions.shipped();

    @Test
    void the_issues_data_sets_are_all_there_in_SPICE() {
        assertThat(QS.dataSets()).extracting(DataSetDefinition::name).containsExactly(
                "daily_counts_filled", "console_users", "user_changes", "goal_progress", "coverage", "missing_reports", "allowlist_findings",
                "rejected_reports", "milestone_progress", "milestone_blockers", "migration_status", "owner_todo",
                "remediation_status");
        assertThat(QS.dataSets()).allSatisfy(d -> {
            assertThat(d.importMode()).isEqualTo("SPICE");
            assertThat(d.dataSetId()).isEqualTo("stocktake-" + d.name().replace('_', '-'));
        });
        assertThat(QS.dashboard().dataSetIdentifiers()).containsExactlyInAnyOrderElementsOf(
                QS.dataSets().stream().map(DataSetDefinition::name).toList());
    }

    @Test
    void every_field_the_dashboard_uses_exists_in_its_data_set_with_a_type_that_use_accepts() {
        Map<String, Map<String, String>> columns = QS.dataSets().stream().collect(Collectors.toMap(DataSetDefinition::name,
                d -> d.outputColumns().stream().collect(Collectors.toMap(Column::name, Column::type))));
        List<FieldReference> references = QS.dashboard().fieldReferences();
        assertThat(references).hasSizeGreaterThan(50);
        List<String> problems = new ArrayList<>();
        for (FieldReference ref : references) {
            Map<String, String> dataSet = columns.get(ref.dataSetIdentifier());
            if (dataSet == null) {
                problems.add(ref.path() + ": no data set " + ref.dataSetIdentifier());
            } else if (!dataSet.containsKey(ref.column())) {
                problems.add(ref.path() + ": " + ref.dataSetIdentifier() + " has no column " + ref.column());
            } else if (!ref.use().accepts(dataSet.get(ref.column()))) {
                problems.add(ref.path() + ": " + ref.dataSetIdentifier() + "." + ref.column() + " is "
                        + dataSet.get(ref.column()) + ", but used as " + ref.use() + " " + ref.use().types());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_check_catches_a_missing_column_and_a_wrong_type() {
        Map<String, String> dailyCounts = QS.dataSet("daily_counts_filled").orElseThrow().outputColumns().stream()
                .collect(Collectors.toMap(Column::name, Column::type));
        assertThat(dailyCounts).doesNotContainKey("console_user");
        assertThat(FieldReference.Use.NUMBER.accepts(dailyCounts.get("account_name"))).isFalse();
        assertThat(FieldReference.Use.DATE.accepts(dailyCounts.get("dt"))).isTrue();
        assertThat(FieldReference.Use.CATEGORY.accepts(dailyCounts.get("console_users"))).isFalse();
    }

    @Test
    void the_dashboard_shows_the_issues_visuals() {
        List<FieldReference> refs = QS.dashboard().fieldReferences();
        // KPI now against the baseline and the target
        assertThat(refs).anySatisfy(r -> assertThat(r).extracting(FieldReference::dataSetIdentifier, FieldReference::column)
                .containsExactly("goal_progress", "current_console_users"));
        assertThat(refs).extracting(FieldReference::column).contains("target_console_users", "baseline_console_users",
                "console_users_change_7_days", "console_users_change_14_days", "password_last_used", "access_key_1_active",
                "access_key_2_last_used", "coverage_percent", "ou_path", "owner", "allowlist_status", "allowlist_owner",
                "credentials_held", "days_since_expiry");
        // totals and trends read daily_counts_filled (carried accounts, never zero); beside the goal, on how many
        // accounts it rests; the rejected report files beside the coverage
        assertThat(refs).filteredOn(r -> r.dataSetIdentifier().equals("daily_counts")).isEmpty();
        assertThat(refs).extracting(FieldReference::dataSetIdentifier, FieldReference::column).contains(
                org.assertj.core.groups.Tuple.tuple("daily_counts_filled", "figures_from"),
                org.assertj.core.groups.Tuple.tuple("goal_progress", "current_carried_accounts"),
                org.assertj.core.groups.Tuple.tuple("goal_progress", "current_missing_accounts"),
                org.assertj.core.groups.Tuple.tuple("goal_progress", "target_reached"),
                org.assertj.core.groups.Tuple.tuple("missing_reports", "carried_forward"),
                org.assertj.core.groups.Tuple.tuple("rejected_reports", "reason"),
                org.assertj.core.groups.Tuple.tuple("rejected_reports", "account_name"));
        assertThat(refs).filteredOn(r -> r.dataSetIdentifier().equals("rejected_reports")).extracting(FieldReference::column)
                .as("never a rejected file's contents").doesNotContain("example_bad_user");
        assertThat(QS.dashboard().sheetIds()).containsExactly("overview", "changes", "allowlist", "coverage", "migration");
    }

    @Test
    void dates_are_typed_as_dates_in_every_data_set() {
        for (DataSetDefinition dataSet : QS.dataSets()) {
            for (Column column : dataSet.outputColumns()) {
                if (column.name().equals("dt") || column.name().endsWith("_dt") || column.name().endsWith("_day")
                        && !column.name().equals("latest_day") || column.name().endsWith("_at")
                        || column.name().endsWith("_last_used") || column.name().endsWith("_expires")) {
                    assertThat(column.type()).as(dataSet.name() + "." + column.name()).isEqualTo("DATETIME");
                }
            }
        }
    }

    @Test
    void every_sort_label_control_scope_and_layout_element_names_something_that_exists() {
        JsonNode definition = QS.dashboard().definition();
        Set<String> filterIds = new HashSet<>();
        definition.path("FilterGroups").forEach(g -> g.path("Filters").forEach(f -> filterIds.add(f.elements().next().path("FilterId").asText())));
        Map<String, Set<String>> visualsBySheet = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode sheet : definition.path("Sheets")) {
            String sheetId = sheet.path("SheetId").asText();
            Set<String> visuals = new HashSet<>();
            for (JsonNode wrapper : sheet.path("Visuals")) {
                JsonNode visual = wrapper.elements().next();
                String visualId = visual.path("VisualId").asText();
                assertThat(visuals.add(visualId)).as("duplicate visual " + visualId).isTrue();
                Set<String> fieldIds = new HashSet<>();
                collect(visual, "FieldId", fieldIds, Set.of("FieldSort", "SelectedFieldOptions"));
                Set<String> defined = new HashSet<>();
                collectDefined(visual, defined);
                for (String fieldId : fieldIds) {
                    if (!defined.contains(fieldId)) {
                        problems.add(sheetId + "/" + visualId + ": sorts or labels the unknown field " + fieldId);
                    }
                }
            }
            visualsBySheet.put(sheetId, visuals);
            Set<String> controls = new HashSet<>();
            for (JsonNode wrapper : sheet.path("FilterControls")) {
                JsonNode control = wrapper.elements().next();
                controls.add(control.path("FilterControlId").asText());
                if (!filterIds.contains(control.path("SourceFilterId").asText())) {
                    problems.add(sheetId + ": control " + control.path("FilterControlId").asText() + " controls an unknown filter");
                }
            }
            Set<String> laidOut = new HashSet<>();
            sheet.path("Layouts").forEach(l -> l.path("Configuration").path("GridLayout").path("Elements")
                    .forEach(e -> laidOut.add(e.path("ElementId").asText())));
            Set<String> expected = new HashSet<>(visuals);
            expected.addAll(controls);
            if (!laidOut.equals(expected)) {
                problems.add(sheetId + ": the layout places " + laidOut + " but the sheet has " + expected);
            }
        }
        for (JsonNode group : definition.path("FilterGroups")) {
            for (JsonNode scope : group.path("ScopeConfiguration").path("SelectedSheets").path("SheetVisualScopingConfigurations")) {
                Set<String> visuals = visualsBySheet.getOrDefault(scope.path("SheetId").asText(), Set.of());
                scope.path("VisualIds").forEach(v -> {
                    if (!visuals.contains(v.asText())) {
                        problems.add(group.path("FilterGroupId").asText() + ": scoped to the unknown visual " + v.asText());
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_latest_day_visuals_are_filtered_to_the_latest_day() {
        Map<String, JsonNode> groups = new HashMap<>();
        QS.dashboard().definition().path("FilterGroups").forEach(g -> groups.put(g.path("FilterGroupId").asText(), g));
        for (String visual : List.of("today-per-account", "change-7-14-days", "console-user-table", "missing-today",
                "kpi-accepted", "kpi-to-remove", "allowlist-findings-today", "kpi-rejected-today", "verdicts-today", "owner-todo-today")) {
            assertThat(groups.values()).as(visual).anySatisfy(g -> {
                JsonNode filter = g.path("Filters").get(0).path("CategoryFilter");
                assertThat(filter.path("Column").path("ColumnName").asText()).isEqualTo("latest_day");
                assertThat(filter.path("Configuration").path("FilterListConfiguration").path("CategoryValues").get(0).asText()).isEqualTo("yes");
                assertThat(g.toString()).contains("\"" + visual + "\"");
            });
        }
    }

    @Test
    void the_migration_sheet_shows_the_next_milestone_its_blockers_the_verdicts_and_the_owners_to_do() {
        JsonNode sheet = null;
        for (JsonNode candidate : QS.dashboard().definition().path("Sheets")) {
            if (candidate.path("SheetId").asText().equals("migration")) {
                sheet = candidate;
            }
        }
        assertThat(sheet).isNotNull();
        Map<String, JsonNode> visuals = new HashMap<>();
        sheet.path("Visuals").forEach(v -> visuals.put(v.elements().next().path("VisualId").asText(), v));
        assertThat(visuals).containsOnlyKeys("kpi-next-milestone", "milestones", "milestone-blockers", "verdicts-today", "owner-todo-today",
                "remediation-today");
        // quarantined and removed by Stocktake: the latest day's remediation_status, one row per user with its state
        JsonNode remediation = visuals.get("remediation-today").path("TableVisual").path("ChartConfiguration").path("FieldWells")
                .path("TableUnaggregatedFieldWells").path("Values");
        List<String> remediationColumns = new java.util.ArrayList<>();
        remediation.forEach(f -> {
            assertThat(f.path("Column").path("DataSetIdentifier").asText()).isEqualTo("remediation_status");
            remediationColumns.add(f.path("Column").path("ColumnName").asText());
        });
        assertThat(remediationColumns).containsExactly("remediation_state", "account_name", "account_id", "user_name", "remediation",
                "plan_id", "operator", "watch_days_to_go");
        // the KPI: the organization's console users now against its next milestone's maximum
        JsonNode kpi = visuals.get("kpi-next-milestone").path("KPIVisual").path("ChartConfiguration").path("FieldWells");
        assertThat(kpi.path("Values").get(0).path("NumericalMeasureField").path("Column").path("ColumnName").asText())
                .isEqualTo("current_console_users");
        assertThat(kpi.path("TargetValues").get(0).path("NumericalMeasureField").path("Column").path("ColumnName").asText())
                .isEqualTo("max_console_users");
        // the verdicts: users counted per verdict
        JsonNode bars = visuals.get("verdicts-today").path("BarChartVisual").path("ChartConfiguration").path("FieldWells")
                .path("BarChartAggregatedFieldWells");
        assertThat(bars.path("Category").get(0).path("CategoricalDimensionField").path("Column").path("ColumnName").asText())
                .isEqualTo("verdict");
        assertThat(bars.path("Values").get(0).path("CategoricalMeasureField").path("AggregationFunction").asText()).isEqualTo("COUNT");

        Map<String, JsonNode> groups = new HashMap<>();
        QS.dashboard().definition().path("FilterGroups").forEach(g -> groups.put(g.path("FilterGroupId").asText(), g));
        assertThat(filtered(groups.get("organization-next-milestone-group"))).isEqualTo("milestone_progress.organization_next = [\"yes\"] "
                + "on [\"kpi-next-milestone\"]");
        assertThat(filtered(groups.get("organization-blockers-group"))).isEqualTo("milestone_blockers.scope_type = [\"organization\"] "
                + "on [\"milestone-blockers\"]");
        assertThat(groups.get("owner-todo-owner-group").toString()).contains("\"ColumnName\":\"owner\"", "\"owner-todo-today\"");
        assertThat(filtered(groups.get("latest-day-remediation-status-group"))).isEqualTo("remediation_status.latest_day = [\"yes\"] "
                + "on [\"remediation-today\"]");
        assertThat(sheet.path("FilterControls").toString()).contains("\"SourceFilterId\":\"owner-todo-owner\"");
    }

    /** {@code data_set.column = [values] on [visuals]} of a one-filter category group. */
    private static String filtered(JsonNode group) {
        JsonNode filter = group.path("Filters").get(0).path("CategoryFilter");
        return filter.path("Column").path("DataSetIdentifier").asText() + "." + filter.path("Column").path("ColumnName").asText() + " = "
                + filter.path("Configuration").path("FilterListConfiguration").path("CategoryValues") + " on "
                + group.path("ScopeConfiguration").path("SelectedSheets").path("SheetVisualScopingConfigurations").get(0).path("VisualIds");
    }

    @Test
    void the_allowlist_kpis_split_the_latest_days_console_users_into_accepted_and_to_remove() {
        Map<String, JsonNode> filters = new HashMap<>();
        QS.dashboard().definition().path("FilterGroups").forEach(g -> filters.put(g.path("FilterGroupId").asText(), g));
        JsonNode accepted = filters.get("accepted-group");
        JsonNode toRemove = filters.get("to-remove-group");
        for (JsonNode group : List.of(accepted, toRemove)) {
            JsonNode filter = group.path("Filters").get(0).path("CategoryFilter");
            assertThat(filter.path("Column").path("ColumnName").asText()).isEqualTo("allowlist_status");
            assertThat(filter.path("Configuration").path("CustomFilterListConfiguration").path("CategoryValues").toString())
                    .isEqualTo("[\"allowed\"]");
        }
        assertThat(accepted.toString()).contains("\"EQUALS\"", "\"kpi-accepted\"");
        assertThat(toRemove.toString()).contains("\"DOES_NOT_EQUAL\"", "\"kpi-to-remove\"");
    }

    @Test
    void properties_fill_every_placeholder() {
        Map<String, String> arns = QS.dataSets().stream().collect(Collectors.toMap(DataSetDefinition::name,
                d -> "arn:aws:quicksight:eu-west-1:222222222222:dataset/" + d.dataSetId()));
        String dashboard = QS.dashboard().properties(arns).toString();
        assertThat(dashboard).doesNotContain("${").contains("arn:aws:quicksight:eu-west-1:222222222222:dataset/stocktake-console-users");
        for (DataSetDefinition dataSet : QS.dataSets()) {
            String props = dataSet.properties("arn:aws:quicksight:eu-west-1:222222222222:datasource/stocktake", "reports_db").toString();
            assertThat(props).as(dataSet.name()).doesNotContain("${").contains("datasource/stocktake").contains("reports_db");
        }
        assertThat(QS.dataSet("daily_counts_filled").orElseThrow().sql("reports_db"))
                .startsWith("select").contains("from \"reports_db\".daily_counts_filled d").doesNotContain("--");
    }

    @Test
    void a_missing_data_set_arn_fails_naming_the_data_set() {
        assertThatThrownBy(() -> QS.dashboard().properties(Map.of("daily_counts_filled", "arn:x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'console_users'");
    }

    @Test
    void a_relational_table_data_set_has_no_query() {
        assertThatThrownBy(() -> QS.dataSet("coverage").orElseThrow().sql("db"))
                .hasMessageContaining("coverage reads its view as a table");
    }

    private static void collect(JsonNode node, String key, Set<String> out, Set<String> under) {
        node.properties().forEach(e -> {
            if (under.contains(e.getKey())) {
                collectAll(e.getValue(), key, out);
            } else if (e.getValue().isContainerNode()) {
                if (e.getValue().isArray()) {
                    e.getValue().forEach(item -> {
                        if (item.isObject()) {
                            collect(item, key, out, under);
                        }
                    });
                } else {
                    collect(e.getValue(), key, out, under);
                }
            }
        });
    }

    private static void collectAll(JsonNode node, String key, Set<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(key)) {
                    out.add(e.getValue().asText());
                } else {
                    collectAll(e.getValue(), key, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectAll(item, key, out));
        }
    }

    /** Field IDs the visual's field wells define (objects that have both FieldId and Column). */
    private static void collectDefined(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            if (node.has("FieldId") && node.has("Column")) {
                out.add(node.get("FieldId").asText());
            }
            node.forEach(child -> collectDefined(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collectDefined(child, out));
        }
    }
}
