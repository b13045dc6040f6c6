// Drives ssmcontacts at $ENDPOINT with the AWS SDK for JavaScript v3, signed
// as test/test in us-east-2, and prints what it saw as one JSON object for
// jsclient_test.go to compare. Errors are printed, not thrown, so that the
// Go test can tell which call went wrong.
import {
  SSMContactsClient,
  CreateContactCommand,
  GetContactCommand,
  ListContactsCommand,
} from "@aws-sdk/client-ssm-contacts";

const client = new SSMContactsClient({
  endpoint: process.env.ENDPOINT,
  region: "us-east-2",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

const seen = {};

const created = await client.send(new CreateContactCommand({
  Alias: "akuam",
  DisplayName: "Akua Mansa",
  Type: "PERSONAL",
  Plan: { Stages: [] },
}));
seen.create = created.ContactArn;
seen.request_id = created.$metadata.requestId;

const got = await client.send(new GetContactCommand({ ContactId: created.ContactArn }));
delete got.$metadata;
seen.get = got;

for (const alias of ["bob", "carol"]) {
  await client.send(new CreateContactCommand({ Alias: alias, Type: "PERSONAL", Plan: { Stages: [] } }));
}
// One page at a time, to follow the server's NextToken.
const aliases = [];
let token;
do {
  const page = await client.send(new ListContactsCommand({ MaxResults: 1, NextToken: token }));
  aliases.push(...page.Contacts.map((c) => c.Alias));
  token = page.NextToken;
} while (token);
seen.aliases = aliases;

try {
  await client.send(new CreateContactCommand({ Alias: "akuam", Type: "PERSONAL", Plan: { Stages: [] } }));
  seen.conflict = "no error";
} catch (e) {
  seen.conflict = { name: e.name, message: e.message, status: e.$metadata.httpStatusCode, resourceId: e.ResourceId };
}

process.stdout.write(JSON.stringify(seen));
