-- The migration milestones (day -> at most N console users, per organization, OU or account), generated from the config (one file, no partitions).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/milestones.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `milestones` (
  `day` string,
  `max_console_users` string,
  `scope` string,
  `name` string
)
COMMENT 'The staged goals as the CDK deployment generated them from migration.milestones (header day,max_console_users,scope,name; the header is a row here, the views drop it; scope empty = organization, an OU or root ID, or an account ID). Object key: <prefix>milestones.csv'
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
