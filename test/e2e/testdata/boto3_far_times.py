"""boto3 reading times at the edges of what it can parse.

Run by TestTimesAtTheEdgesAreReadable with ENDPOINT set and TZ set to a
zone far from UTC: botocore reads epoch seconds in the local time zone.
Prints one JSON document of what it saw.
"""
import datetime
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
utc = datetime.timezone.utc
seen = {}


def iso(t):
    # botocore reads epoch seconds as a float: round to the millisecond
    # the server wrote.
    t = t.astimezone(utc)
    ms = round(t.microsecond / 1000)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (".%03d" % ms if ms else "") + "Z"


def error(e):
    err = e.response["Error"]
    return {"Code": err["Code"], "Message": err["Message"]}


contact = client.create_contact(Alias="edge", DisplayName="Edge", Type="PERSONAL", Plan={"Stages": []})["ContactArn"]
rotation = client.create_rotation(
    Name="far-future",
    ContactIds=[contact],
    StartTime=datetime.datetime(9999, 12, 29, tzinfo=utc),
    TimeZoneId="UTC",
    Recurrence={"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1, "MonthlySettings": [{"DayOfMonth": 1, "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}]},
)["RotationArn"]
seen["rotation_start"] = iso(client.get_rotation(RotationId=rotation)["StartTime"])
shifts = client.list_rotation_shifts(
    RotationId=rotation,
    StartTime=datetime.datetime(9999, 12, 29, tzinfo=utc),
    EndTime=datetime.datetime(9999, 12, 30, 12, tzinfo=utc),
)["RotationShifts"]
seen["shifts"] = [[iso(s["StartTime"]), iso(s["EndTime"])] for s in shifts]
preview = client.list_preview_rotation_shifts(
    RotationStartTime=datetime.datetime(9999, 12, 29, tzinfo=utc),
    StartTime=datetime.datetime(9999, 12, 29, tzinfo=utc),
    EndTime=datetime.datetime(9999, 12, 30, 12, tzinfo=utc),
    Members=["edge"],
    TimeZoneId="UTC",
    Recurrence={"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1, "MonthlySettings": [{"DayOfMonth": 1, "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}]},
)["RotationShifts"]
seen["preview"] = [[iso(s["StartTime"]), iso(s["EndTime"])] for s in preview]

for name, when in [("year_1", datetime.datetime(1, 1, 1, tzinfo=utc)), ("year_10000_eve", datetime.datetime(9999, 12, 31, 12, tzinfo=utc))]:
    try:
        client.create_rotation(
            Name=name, ContactIds=[contact], StartTime=when, TimeZoneId="UTC",
            Recurrence={"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1, "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}]},
        )
        seen[name] = "accepted"
    except ClientError as e:
        seen[name] = error(e)

print(json.dumps(seen))
