-- The organization's accounts, one CSV per day, as the account-directory job exported them.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/accounts.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `accounts` (
  `account_id` string,
  `account_name` string,
  `email` string,
  `status` string,
  `state` string,
  `joined_method` string,
  `joined_timestamp` string,
  `parent_id` string,
  `ou_path` string,
  `tags` string,
  `ou_id_path` string
)
COMMENT 'The organization\'s account directory, one CSV per day, as the account-directory job exported it (Organizations ListAccounts with each account\'s OU path and tags, and ou_id_path: the IDs from the root to the account\'s parent, \'/\'-joined). Object key: <prefix>YYYY/MM/DD/accounts.csv'
PARTITIONED BY (`dt` string)
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
  'classification' = 'csv',
  'projection.dt.format' = 'yyyy/MM/dd',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.dt.range' = '${projection_start},NOW+1DAYS',
  'projection.dt.type' = 'date',
  'projection.enabled' = 'true',
  'skip.header.line.count' = '1',
  'storage.location.template' = 's3://${bucket}/${prefix}${dt}/'
);
