-- A Parquet copy of finished months of credential_reports, written by the compaction job; the views read it through report_rows.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/report_rows_compacted.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `report_rows_compacted` (
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
  `cert_2_last_rotated` string,
  `source_file` string,
  `file_modified_at` string
)
COMMENT 'Parquet copy of the raw credential reports of finished months, one partition per report day, written by the compaction job (INSERT INTO ... SELECT from credential_reports, which stays the source of truth). Same columns as credential_reports plus source_file (the CSV\'s "$path") and file_modified_at (its "$file_modified_time", ISO 8601). Read through the report_rows view only, which takes a day from here once the job has copied and checked its month. Partitions are registered by the INSERT INTO (no projection). Object key: <prefix>dt=<yyyy%2FMM%2Fdd>/<generated>'
PARTITIONED BY (`dt` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://${bucket}/${prefix}'
TBLPROPERTIES (
  'classification' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);
