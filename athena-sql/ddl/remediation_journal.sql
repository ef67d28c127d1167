-- The remediation journal: one JSON record per action of stocktake remediate apply/undo (started, done, undo-started, undone).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/remediation_journal.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `remediation_journal` (
  `plan_id` string,
  `step_id` string,
  `phase` string,
  `action` string,
  `account_id` string,
  `user_name` string,
  `target` string,
  `at` string,
  `operator` string,
  `role_arn` string,
  `state_before` string,
  `note` string
)
COMMENT 'Written only by stocktake remediate, create-only (If-None-Match: *), one single-line JSON object per file. Object key: <prefix>YYYY/MM/DD/<plan id>/<step id>.<phase>.json, the day being the plan\'s (from its ID); state_before is the live state before the action as JSON text'
PARTITIONED BY (`dt` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive' = 'true',
  'ignore.malformed.json' = 'true'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${bucket}/${prefix}'
TBLPROPERTIES (
  'classification' = 'json',
  'projection.dt.format' = 'yyyy/MM/dd',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.dt.range' = '${projection_start},NOW+1DAYS',
  'projection.dt.type' = 'date',
  'projection.enabled' = 'true',
  'storage.location.template' = 's3://${bucket}/${prefix}${dt}/'
);
