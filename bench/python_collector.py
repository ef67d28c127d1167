#!/usr/bin/env python3
"""The baseline for the collector's cold start: the same calls made with Python and boto3,
the way most published credential-report collectors are written.

Generate the report until COMPLETE, fetch it, assume the management-account role, look up the
account name with DescribeAccount, and write the raw bytes with If-None-Match (falling back to
a plain overwrite of the same key on 412, so repeated runs work). Reads the same variables as
the Java collector (REPORT_BUCKET, REPORT_PREFIX, MANAGEMENT_ROLE_ARN) plus
STOCKTAKE_BENCH_ACCOUNT_ID for the account ID the Lambda context would give.
"""
import datetime
import os
import time
import urllib.parse

import boto3
from botocore.exceptions import ClientError


def main() -> None:
    account_id = os.environ["STOCKTAKE_BENCH_ACCOUNT_ID"]
    bucket = os.environ["REPORT_BUCKET"]
    prefix = os.environ.get("REPORT_PREFIX", "credential-reports/")
    iam = boto3.client("iam")
    while iam.generate_credential_report()["State"] != "COMPLETE":
        time.sleep(1)
    report = iam.get_credential_report()
    creds = boto3.client("sts").assume_role(RoleArn=os.environ["MANAGEMENT_ROLE_ARN"],
                                            RoleSessionName=f"stocktake-{account_id}")["Credentials"]
    org = boto3.client("organizations", region_name="us-east-1",
                       aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
    name = org.describe_account(AccountId=account_id)["Account"]["Name"]
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y/%m/%d")
    key = f"{prefix}{day}/{urllib.parse.quote(name, safe='._-')}-python.csv"
    s3 = boto3.client("s3", config=boto3.session.Config(s3={"addressing_style": "path"}))
    args = dict(Bucket=bucket, Key=key, Body=report["Content"], ContentType="text/csv",
                Metadata={"account-id": account_id}, Tagging=f"stocktake-account-id={account_id}",
                ServerSideEncryption="AES256")
    try:
        s3.put_object(IfNoneMatch="*", **args)
    except ClientError as e:
        if e.response["ResponseMetadata"]["HTTPStatusCode"] != 412:
            raise
        s3.put_object(**args)
    print(f"s3://{bucket}/{key}")


if __name__ == "__main__":
    main()
