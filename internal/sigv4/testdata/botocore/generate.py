#!/usr/bin/env python3
"""Regenerate the botocore-signed request fixtures in this directory.

Each fixture is an ssm-contacts request exactly as botocore (the library
under the AWS CLI and boto3) would put it on the wire, signed at a fixed
time. The calls go through botocore's full client pipeline; a before-send
hook captures the signed request instead of sending it. One fixture is
signed with SigV4Auth directly to cover a header with several values and
odd spacing.

Run from this directory:  python3 generate.py
Written: *.http (the raw requests), cases.json (what the server must
conclude from each) and credentials.json (the server's credentials, in the
--credentials file format).
"""

import datetime
import json
import uuid
from unittest import mock
from urllib.parse import urlsplit

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.credentials import Credentials

SIGNED_AT = datetime.datetime(2026, 11, 27, 7, 9, 31, tzinfo=datetime.timezone.utc)
ENDPOINT = "http://localhost:4750"
FIXED_USER_AGENT = f"Botocore/{botocore.__version__} ua/2.1 os/linux md/arch#x86_64 lang/python#3.11.7 cfg/retry-mode#legacy"

CREDENTIALS = [
    {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
     "accountId": "111122223333", "description": "example key"},
    {"accessKeyId": "test", "secretAccessKey": "test", "accountId": "000000000000",
     "description": "built-in"},
]


def deterministic_uuids():
    """Stable amz-sdk-invocation-id values, so that regenerating is a no-op."""
    counter = iter(range(1, 1 << 32))
    return lambda: uuid.UUID(int=next(counter))


def wire(method, url, headers, body):
    """The request as an HTTP/1.1 client sends it: urllib3 adds Host."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.netloc}"]
    names = {name.lower() for name, _ in headers}
    for name, value in headers:
        if isinstance(value, bytes):
            value = value.decode()
        if name.lower() == "user-agent":
            # Never signed by botocore; fixed so the fixtures do not
            # depend on the machine that generated them.
            value = FIXED_USER_AGENT
        lines.append(f"{name}: {value}")
    if "content-length" not in names:
        lines.append(f"Content-Length: {len(body)}")
    return ("\n".join(lines) + "\n\n").encode() + body + b"\n"


def body_bytes(body):
    if body is None:
        return b""
    return body if isinstance(body, bytes) else body.encode()


def client_call(name, region, creds, operation, params):
    """Runs one call through botocore's client and captures what it sends."""
    captured = {}

    def capture(request, **kwargs):
        captured["request"] = request
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, mock.Mock(stream=lambda: [b"{}"]))

    session = botocore.session.get_session()
    session.set_credentials(creds.access_key, creds.secret_key, creds.token)
    client = session.create_client("ssm-contacts", region_name=region, endpoint_url=ENDPOINT)
    client.meta.events.register("before-send", capture)
    getattr(client, operation)(**params)
    req = captured["request"]
    return wire(req.method, req.url, list(req.headers.items()), body_bytes(req.body))


def direct_sigv4(region, creds):
    """A request signed by SigV4Auth itself, with a repeated, oddly spaced header."""
    body = b'{"MaxResults": 5}'
    req = AWSRequest(method="POST", url=ENDPOINT + "/", data=body)
    req.headers["Content-Type"] = "application/x-amz-json-1.1"
    req.headers["X-Amz-Target"] = "SSMContacts.ListRotations"
    req.headers["X-Custom"] = "first   value"
    req.headers["X-Custom"] = "  second  "  # HTTPHeaders appends: two values
    botocore.auth.SigV4Auth(creds, "ssm-contacts", region).add_auth(req)
    prepared = req.prepare()
    return wire(prepared.method, prepared.url, list(req.headers.items()), body_bytes(prepared.body))


def identity(access_key, account, region, token=""):
    return {"accessKeyId": access_key, "account": account, "region": region, "sessionToken": token}


def main():
    example = Credentials("AKIDEXAMPLE", CREDENTIALS[0]["secretAccessKey"])
    session_creds = Credentials("AKIDEXAMPLE", CREDENTIALS[0]["secretAccessKey"], "IQoJb3JpZ2luX2VjEXAMPLETOKEN")
    builtin = Credentials("test", "test")
    cases = [
        ("list-contacts", lambda: client_call("list-contacts", "us-east-1", example, "list_contacts", {}),
         identity("AKIDEXAMPLE", "111122223333", "us-east-1")),
        ("create-contact-session-token", lambda: client_call(
            "create-contact", "eu-west-1", session_creds, "create_contact",
            {"Alias": "akuam", "Type": "PERSONAL", "Plan": {"Stages": []},
             "Tags": [{"Key": "k1", "Value": "v1"}],
             "IdempotencyToken": "37bdc524-d0cb-4a63-b2a2-f95295d29d76"}),
         identity("AKIDEXAMPLE", "111122223333", "eu-west-1", "IQoJb3JpZ2luX2VjEXAMPLETOKEN")),
        ("get-contact-builtin-key", lambda: client_call(
            "get-contact", "ap-southeast-2", builtin, "get_contact",
            {"ContactId": "arn:aws:ssm-contacts:ap-southeast-2:000000000000:contact/akuam"}),
         identity("test", "000000000000", "ap-southeast-2")),
        ("sigv4auth-repeated-header", lambda: direct_sigv4("us-east-2", example),
         identity("AKIDEXAMPLE", "111122223333", "us-east-2")),
    ]
    manifest = []
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: SIGNED_AT.replace(tzinfo=None)), \
            mock.patch.object(uuid, "uuid4", deterministic_uuids()):
        for name, make, want in cases:
            with open(name + ".http", "wb") as f:
                f.write(make())
            manifest.append({"name": name, "file": name + ".http", "want": want})
    with open("cases.json", "w") as f:
        json.dump({"botocore": botocore.__version__, "signedAt": SIGNED_AT.strftime("%Y%m%dT%H%M%SZ"),
                   "cases": manifest}, f, indent=2)
        f.write("\n")
    with open("credentials.json", "w") as f:
        json.dump({"credentials": CREDENTIALS}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
