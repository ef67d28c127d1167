-- Raw IAM credential reports, one CSV per account per day, as GetCredentialReport returned them, read as text cells with the header row.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/credential_reports.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `credential_reports` (
  `c01` string,
  `c02` string,
  `c03` string,
  `c04` string,
  `c05` string,
  `c06` string,
  `c07` string,
  `c08` string,
  `c09` string,
  `c10` string,
  `c11` string,
  `c12` string,
  `c13` string,
  `c14` string,
  `c15` string,
  `c16` string,
  `c17` string,
  `c18` string,
  `c19` string,
  `c20` string,
  `c21` string,
  `c22` string,
  `c23` string,
  `c24` string,
  `c25` string,
  `c26` string,
  `c27` string,
  `c28` string,
  `c29` string,
  `c30` string,
  `c31` string,
  `c32` string
)
COMMENT 'Raw IAM credential reports, one CSV per account per day, exactly as GetCredentialReport returned them. Object key: <prefix>YYYY/MM/DD/<percent-encoded account name>@<account id>.csv. The columns are the cells of each line by position (c01..c32), header row included: the views read each file\'s header and take every value by column name, so a report whose columns are reordered, inserted or appended is read right. Query the views (iam_users, rejected_reports), not this table.'
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
  'storage.location.template' = 's3://${bucket}/${prefix}${dt}/'
);
