-- The migration settings (idle days, tag names, default owners), generated from the config section migration (one file, no partitions).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/migration_settings.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `migration_settings` (
  `setting` string,
  `scope` string,
  `value` string
)
COMMENT 'The migration settings as the CDK deployment generated them from the config section migration (header setting,scope,value; the header is a row here, the views drop it): idle_days, user_email_tag, user_owner_tag, account_owner_tag, default_owner per scope. Object key: <prefix>migration-settings.csv'
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
  'escapeChar' = '\\',
  'quoteChar' = '"',
  'separatorChar' = ','
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${bucket}/${prefix}'
TBLPROPERTIES (
  'classification' = 'csv'
);
