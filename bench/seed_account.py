#!/usr/bin/env python3
"""Seeds one member account with IAM users in a running moto server, for the benchmarks.

Creates the organization (if needed) and a member account named by --name, with --users IAM
users in a realistic mix (console with and without MFA, access keys, both), then prints shell
`export` lines that make the AWS SDKs act as that account, and STOCKTAKE_BENCH_ACCOUNT_ID.
With --tags, every other user gets that many tags (the first two `email` and `owner`, as the
migration views read them); with --sso-roles, that many IAM Identity Center roles
(`AWSReservedSSO_*` under /aws-reserved/sso.amazonaws.com/), the first half of them used once:
what the collector's IAM details file reads (issue 17). Both default to 0 (the issue-9 seed).

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
    parser.add_argument("--tags", type=int, default=0)
    parser.add_argument("--sso-roles", type=int, default=0)
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
        if args.tags and i % 2 == 0:
            keys = ["email", "owner"] + [f"tag-{t}" for t in range(2, args.tags)]
            iam.tag_user(UserName=name, Tags=[{"Key": key, "Value": f"{name}-{key}@example.com" if key == "email"
                                               else f"team-{i % 7}" if key == "owner" else f"value-{i}"}
                                              for key in keys[:args.tags]])
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":'
             f'"arn:aws:iam::{account_id}:saml-provider/AWSSSO_bench_DO_NOT_DELETE"}},'
             '"Action":["sts:AssumeRoleWithSAML","sts:TagSession"]}]}')
    sts_member = member.client("sts", endpoint_url=endpoint)
    for r in range(args.sso_roles):
        role = iam.create_role(RoleName=f"AWSReservedSSO_PermissionSet_{r}_{r:016x}",
                               Path="/aws-reserved/sso.amazonaws.com/", AssumeRolePolicyDocument=trust)["Role"]
        if r < args.sso_roles // 2:
            used = sts_member.assume_role(RoleArn=role["Arn"], RoleSessionName="bench-user")["Credentials"]
            boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=used["AccessKeyId"],
                         aws_secret_access_key=used["SecretAccessKey"],
                         aws_session_token=used["SessionToken"]).get_caller_identity()
    print(f"export AWS_ACCESS_KEY_ID={creds['AccessKeyId']}")
    print(f"export AWS_SECRET_ACCESS_KEY={creds['SecretAccessKey']}")
    print(f"export AWS_SESSION_TOKEN={creds['SessionToken']}")
    print(f"export STOCKTAKE_BENCH_ACCOUNT_ID={account_id}")


if __name__ == "__main__":
    main()
