-- Per account per day, what the credential report cannot say: IAM user tags and the last use of the Identity Center roles.
-- GENERATED from athena-sql/src/main/resources/dev/stocktake/sql/iam_details.table.json by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).
CREATE EXTERNAL TABLE `iam_details` (
  `kind` string,
  `account_id` string,
  `collected_at` string,
  `users` int,
  `sso_roles` int,
  `user_name` string,
  `arn` string,
  `user_id` string,
  `tags` map<string,string>,
  `role_name` string,
  `permission_set_name` string,
  `last_used` string,
  `last_used_region` string
)
COMMENT 'The collector\'s details beside each credential report (JSON Lines, kind = collection, user with its tags, or sso_role with its last use). Object key: <prefix>YYYY/MM/DD/<percent-encoded account name>@<12-digit account id>.json; the views take the account from the key'
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
