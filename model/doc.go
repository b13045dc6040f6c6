// Package model embeds the AWS Systems Manager Incident Manager Contacts
// service model (botocore's service-2.json, paginators-1.json and
// examples-1.json for API version 2021-05-03, Apache-2.0; see NOTICE) and
// parses it into shapes and operations.
//
// The model is the single source of operation names, member names, member
// order, constraints and documentation for both the server (validation,
// wire types) and the command-line client (commands, flags, help, output
// order). Nothing here knows about HTTP or storage.
package model
