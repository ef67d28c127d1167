-- Raw IAM credential reports, one CSV per account per day, as GetCredentialReport returned them.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/credential_reports.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `credential_reports` (
  `user` string,
  `arn` string,
  `user_creation_time` string,
  `password_enabled` string,
  `password_last_used` string,
  `password_last_changed` string,
  `password_next_rotation` string,
  `mfa_active` string,
  `access_key_1_active` string,
  `access_key_1_last_rotated` string,
  `access_key_1_last_used_date` string,
  `access_key_1_last_used_region` string,
  `access_key_1_last_used_service` string,
  `access_key_2_active` string,
  `access_key_2_last_rotated` string,
  `access_key_2_last_used_date` string,
  `access_key_2_last_used_region` string,
  `access_key_2_last_used_service` string,
  `cert_1_active` string,
  `cert_1_last_rotated` string,
  `cert_2_active` string,
  `cert_2_last_rotated` string
)
COMMENT 'Raw IAM credential reports, one CSV per account per day, exactly as GetCredentialReport returned them. Object key: <prefix>YYYY/MM/DD/<percent-encoded account name>[@<account id>].csv'
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
  'projection.dt.range' = '${projection_start},NOW',
  'projection.dt.type' = 'date',
  'projection.enabled' = 'true',
  'skip.header.line.count' = '1',
  'storage.location.template' = 's3://${bucket}/${prefix}${dt}/'
);
