-- The identity mapping (IAM user -> Identity Center user), as deployed from allowlist/identity-mapping.csv (one file, no partitions).
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/identity_mapping.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `identity_mapping` (
  `account` string,
  `iam_user` string,
  `identity_center_user` string,
  `reason` string
)
COMMENT 'Which Identity Center user an IAM user belongs to where name and email do not tell: the repository\'s allowlist/identity-mapping.csv as deployed (IdentityMapping.csv(): header account,iam_user,identity_center_user,reason in this order; migration_status still takes each value by the file\'s own header, so a file with the columns in another order reads right; # comment lines and the header are rows here). Object key: <prefix>identity-mapping.csv'
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
