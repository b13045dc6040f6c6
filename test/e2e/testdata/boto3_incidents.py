"""boto3's ssm-incidents client against ssmcontacts: prints what it saw as
one JSON document.

Run by TestIncidentsBoto3 with ENDPOINT set to the server's URL; the
endpoint comes from AWS_ENDPOINT_URL_SSM_INCIDENTS, not an argument.
"""
import datetime
import json
import os

import boto3
from botocore.exceptions import ClientError

os.environ["AWS_ENDPOINT_URL_SSM_INCIDENTS"] = os.environ["ENDPOINT"]
client = boto3.client(
    "ssm-incidents",
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
        "Members": {k: v for k, v in e.response.items() if k not in ("Error", "ResponseMetadata")},
    }


rs = client.create_replication_set(regions={"us-east-2": {}})["arn"]
client.get_waiter("wait_for_replication_set_active").wait(arn=rs)
seen["status"] = client.get_replication_set(arn=rs)["replicationSet"]["status"]
for name in ["a", "b", "c"]:
    client.create_response_plan(name=name, incidentTemplate={"title": "t " + name, "impact": 3})
names = []
for page in client.get_paginator("list_response_plans").paginate(PaginationConfig={"PageSize": 1}):
    names += [p["name"] for p in page["responsePlanSummaries"]]
seen["plans"] = names
plan = "arn:aws:ssm-incidents::000000000000:response-plan/a"
inc = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
rec = client.get_incident_record(arn=inc)["incidentRecord"]
seen["incident"] = {"title": rec["title"], "impact": rec["impact"], "status": rec["status"],
                    "creationTimeIsDatetime": isinstance(rec["creationTime"], datetime.datetime)}
client.create_timeline_event(incidentRecordArn=inc, eventTime=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1),
                             eventType="Custom Event", eventData="note")
events = client.list_timeline_events(incidentRecordArn=inc, sortOrder="ASCENDING")["eventSummaries"]
seen["events"] = [e["eventType"] for e in events]
try:
    client.get_response_plan(arn="arn:aws:ssm-incidents::000000000000:response-plan/nope")
except client.exceptions.ResourceNotFoundException as e:
    seen["not_found"] = error(e)
try:
    client.create_replication_set(regions={"eu-west-1": {}})
except client.exceptions.ConflictException as e:
    seen["conflict"] = error(e)
try:
    client.tag_resource(resourceArn=plan, tags={"aws:reserved": "x"})
except ClientError as e:
    seen["validation"] = error(e)
print(json.dumps(seen))
