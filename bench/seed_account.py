#!/usr/bin/env python3
"""Seeds one member account with IAM users in a running moto server, for the benchmarks.

Creates the organization (if needed) and a member account named by --name, with --users IAM
users in a realistic mix (console with and without MFA, access keys, both), then prints shell
`export` lines that make the AWS SDKs act as that account, and STOCKTAKE_BENCH_ACCOUNT_ID.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 python3 bench/seed_account.py --users 300
"""
import argparse
import os

import boto3
from botocore.exceptions import ClientError


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--name", default="bench-prd")
    parser.add_argument("--bucket", default="stocktake-bench")
    args = parser.parse_args()

    endpoint = os.environ["AWS_ENDPOINT_URL"]
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    org = session.client("organizations", endpoint_url=endpoint)
    try:
        org.create_organization(FeatureSet="ALL")
    except ClientError as e:
        if e.response["Error"]["Code"] != "AlreadyInOrganizationException":
            raise
    account_id = org.create_account(AccountName=args.name, Email=f"{args.name}@example.com")[
        "CreateAccountStatus"]["AccountId"]
    s3 = session.client("s3", endpoint_url=endpoint)
    try:
        s3.create_bucket(Bucket=args.bucket)
    except ClientError as e:
        if e.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    creds = session.client("sts", endpoint_url=endpoint).assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="stocktake-bench")["Credentials"]
    member = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"],
                                   aws_secret_access_key=creds["SecretAccessKey"],
                                   aws_session_token=creds["SessionToken"], region_name="us-east-1")
    iam = member.client("iam", endpoint_url=endpoint)
    for i in range(args.users):
        name = f"user-{i:04d}"
        iam.create_user(UserName=name, Path="/" if i % 3 else "/engineering/")
        if i % 2 == 0:
            iam.create_login_profile(UserName=name, Password=f"Bench-{i}-Aa1!")
        if i % 4 == 0:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-mfa")["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                                  AuthenticationCode2="654321")
        for _ in range((i % 3)):
            iam.create_access_key(UserName=name)
    print(f"export AWS_ACCESS_KEY_ID={creds['AccessKeyId']}")
    print(f"export AWS_SECRET_ACCESS_KEY={creds['SecretAccessKey']}")
    print(f"export AWS_SESSION_TOKEN={creds['SessionToken']}")
    print(f"export STOCKTAKE_BENCH_ACCOUNT_ID={account_id}")


if __name__ == "__main__":
    main()
