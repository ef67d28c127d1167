-- The IAM Identity Center export, one JSON Lines object per day: users, groups, memberships and account assignments.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/identity_center.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `identity_center` (
  `kind` string,
  `exported_at` string,
  `instance_arn` string,
  `identity_store_id` string,
  `user_id` string,
  `user_name` string,
  `display_name` string,
  `emails` array<struct<value:string,type:string,primary:boolean>>,
  `external_ids` array<struct<issuer:string,id:string>>,
  `group_id` string,
  `group_name` string,
  `account_id` string,
  `permission_set_arn` string,
  `permission_set_name` string,
  `principal_type` string,
  `principal_id` string
)
COMMENT 'IAM Identity Center as the exporter saw it each day (JSON Lines, one object per line, kind = instance, user, group, membership or assignment; a group assignment is one line with user_id NULL plus one line per member). Object key: <prefix>YYYY/MM/DD/identity-center.json, written whole or not at all'
PARTITIONED BY (`dt` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive' = 'true',
  'ignore.malformed.json' = 'true'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${bucket}/${prefix}'
TBLPROPERTIES (
  'classification' = 'json',
  'projection.dt.format' = 'yyyy/MM/dd',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.dt.range' = '${projection_start},NOW+1DAYS',
  'projection.dt.type' = 'date',
  'projection.enabled' = 'true',
  'storage.location.template' = 's3://${bucket}/${prefix}${dt}/'
);
