"""boto3 against ssmcontacts: prints what it saw as one JSON document.

Run by TestBoto3Smoke with ENDPOINT set to the server's URL.
"""
import json
import os

import boto3
from botocore.exceptions import ClientError

client = boto3.client(
    "ssm-contacts",
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-2",
    aws_access_key_id="test",
    aws_secret_access_key="test",
)
seen = {}


def error(e):
    err = e.response["Error"]
    return {
        "Code": err["Code"],
        "Message": err["Message"],
        "Status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        "Members": {k: v for k, v in e.response.items() if k not in ("Error", "ResponseMetadata", "message")},
    }


arn = client.create_contact(
    Alias="akuam", DisplayName="Akua Mansa", Type="PERSONAL", Plan={"Stages": []},
    Tags=[{"Key": "team", "Value": "ops"}],
)["ContactArn"]
seen["create"] = arn
for alias in ("carol", "bob"):
    client.create_contact(Alias=alias, Type="PERSONAL", Plan={"Stages": []})

pages = client.get_paginator("list_contacts").paginate(PaginationConfig={"PageSize": 1})
seen["aliases"] = [c["Alias"] for page in pages for c in page["Contacts"]]

got = client.get_contact(ContactId=arn)
seen["get"] = {k: got[k] for k in ("ContactArn", "Alias", "DisplayName", "Type", "Plan")}
seen["request_id"] = got["ResponseMetadata"]["RequestId"]
seen["tags"] = client.list_tags_for_resource(ResourceARN=arn)["Tags"]

policy = '{\n  "Version": "2012-10-17", "Statement": []\n}'
client.put_contact_policy(ContactArn=arn, Policy=policy)
seen["policy_round_trip"] = client.get_contact_policy(ContactArn=arn)["Policy"] == policy

try:
    client.create_contact(Alias="akuam", Type="ESCALATION", Plan={"Stages": []})
except client.exceptions.ConflictException as e:
    seen["conflict"] = error(e)
try:
    client.get_contact(ContactId=arn.replace("akuam", "nobody"))
except client.exceptions.ResourceNotFoundException as e:
    seen["not_found"] = error(e)
try:
    client.create_contact(Alias="UPPER", Type="PERSONAL", Plan={"Stages": []})
except client.exceptions.ValidationException as e:
    seen["validation"] = error(e)
try:
    client.list_contacts(NextToken="forged")
except ClientError as e:
    seen["forged_token"] = error(e)["Code"]

client.delete_contact(ContactId=arn)
print(json.dumps(seen, sort_keys=True))
