-- The identity mapping (IAM user -> Identity Center user), as deployed from allowlist/identity-mapping.csv (one file, no partitions).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/identity_mapping.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `identity_mapping` (
  `c1` string,
  `c2` string,
  `c3` string,
  `c4` string
)
COMMENT 'Which Identity Center user an IAM user belongs to where name and email do not tell: the repository\'s allowlist/identity-mapping.csv as deployed (header account,iam_user,identity_center_user,reason in ANY order, so the columns are read by position as c1..c4 and migration_status takes each value by the header\'s name; # comment lines and the header are rows here). Object key: <prefix>identity-mapping.csv'
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
