// Package incidents is the ssm-incidents domain (AWS Systems Manager
// Incident Manager, API 2018-05-10): replication sets, response plans,
// incident records with their timeline, related items and findings, tags
// and resource policies, and the alert intake that opens and resolves
// incidents from monitoring systems.
//
// Every resource lives in the account of the caller, not in a region: the
// ARNs AWS gives them carry no region (arn:aws:ssm-incidents::<account>:…),
// and an account has one replication set. A response plan engages
// ssm-contacts contacts of the same account: StartIncident starts one
// engagement per contact through the Engager (internal/engage) and links
// them as related items; resolving the incident stops them.
//
// What is stored and returned as given but not acted on: chat channels,
// SSM Automation actions, PagerDuty integrations, notification targets and
// resource policies (no IAM evaluation). Findings are listed from what was
// recorded; no AWS-side discovery runs.
//
// The package never sees HTTP (internal/incidentsapi speaks restJson1) nor
// SQL (it stores JSON documents through contacts.IncidentTx).
package incidents
