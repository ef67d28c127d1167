-- A Parquet copy of finished months of credential_reports, written by the compaction job; the views read it through report_rows.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/report_rows_compacted.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `report_rows_compacted` (
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
  `c32` string,
  `source_file` string,
  `file_size` bigint
)
COMMENT 'Parquet copy of the raw credential reports of finished months, one partition per report day, written by the compaction job (INSERT INTO ... SELECT from credential_reports, which stays the source of truth). Same cells as credential_reports (c01..c32, the header row included) plus source_file (the CSV\'s "$path") and file_size (its "$file_size"). Read through the report_rows view only, which takes a day from here once the job has copied and checked its month. Partitions are registered by the INSERT INTO (no projection). Object key: <prefix>dt=<yyyy%2FMM%2Fdd>/<generated>'
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
