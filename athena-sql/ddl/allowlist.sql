-- The allowlist of IAM users allowed to exist, as deployed from allowlist/allowlist.csv (one file, no partitions).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/allowlist.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `allowlist` (
  `account` string,
  `user` string,
  `credentials` string,
  `owner` string,
  `reason` string,
  `ticket` string,
  `expires` string
)
COMMENT 'The IAM users allowed to exist, with owner, reason and expiry: the repository\'s allowlist/allowlist.csv as deployed (header account,user,credentials,owner,reason,ticket,expires; # comment lines and the header are rows here, the allowlist_entries view drops them). Object key: <prefix>allowlist.csv'
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
