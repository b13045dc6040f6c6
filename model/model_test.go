package model

import (
	"testing"
)

func TestLoad(t *testing.T) {
	svc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(svc.Operations); got != 39 {
		t.Fatalf("operations = %d, want 39", got)
	}
	if svc.Metadata.TargetPrefix != "SSMContacts" || svc.Metadata.SigningName != "ssm-contacts" {
		t.Fatalf("metadata = %+v", svc.Metadata)
	}
	op := svc.Operation("CreateContact")
	if op == nil || op.Input.Name != "CreateContactRequest" || op.Output.Name != "CreateContactResult" {
		t.Fatalf("CreateContact = %+v", op)
	}
	var names []string
	for _, m := range op.Input.Members {
		names = append(names, m.Name)
	}
	want := []string{"Alias", "DisplayName", "Type", "Plan", "Tags", "IdempotencyToken"}
	if len(names) != len(want) {
		t.Fatalf("members = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("members = %v, want %v (model order)", names, want)
		}
	}
	alias := op.Input.MemberByName("Alias")
	if !alias.Required || *alias.Shape.Max != 255 || *alias.Shape.Min != 1 || alias.Shape.Pattern != `^[a-z0-9_\-]*$` {
		t.Fatalf("Alias = %+v / %+v", alias, alias.Shape)
	}
	if !op.Input.MemberByName("IdempotencyToken").IdempotencyToken {
		t.Fatal("IdempotencyToken trait lost")
	}
	if !op.HasError("ConflictException") || op.HasError("ResourceNotFoundException") {
		t.Fatal("CreateContact errors wrong")
	}
	if p := svc.Operation("ListPageResolutions").Paginator; p == nil || p.LimitKey != "" || p.ResultKey != "PageResolutions" {
		t.Fatalf("ListPageResolutions paginator = %+v", p)
	}
	if p := svc.Operation("ListContacts").Paginator; p == nil || p.LimitKey != "MaxResults" {
		t.Fatalf("ListContacts paginator = %+v", p)
	}
	if svc.Operation("GetContact").Paginator != nil {
		t.Fatal("GetContact should not be paginated")
	}
	rs := svc.Shapes["RecurrenceSettings"]
	if rs.MemberByName("ShiftCoverages").Shape.Type != TypeMap || rs.MemberByName("ShiftCoverages").Shape.Key.Enum == nil {
		t.Fatal("ShiftCoverages map lost its key enum")
	}
}

func TestLoadIncidents(t *testing.T) {
	svc, err := LoadIncidents()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(svc.Operations); got != 31 {
		t.Fatalf("operations = %d, want 31", got)
	}
	if svc.Metadata.Protocol != "rest-json" || svc.Metadata.SigningName != "ssm-incidents" {
		t.Fatalf("metadata = %+v", svc.Metadata)
	}
	op := svc.Operation("CreateReplicationSet")
	if op.HTTPMethod != "POST" || op.RequestURI != "/createReplicationSet" || op.ResponseCode != 201 {
		t.Fatalf("CreateReplicationSet = %+v", op)
	}
	m := svc.Operation("UntagResource").Input.MemberByName("tagKeys")
	if m.Location != "querystring" || m.LocationName != "tagKeys" {
		t.Fatalf("tagKeys = %+v", m)
	}
	if !svc.Shapes["ItemValue"].Union {
		t.Fatal("ItemValue lost its union trait")
	}
	if svc.Operation("ListTimelineEvents").Paginator.ResultKey != "eventSummaries" {
		t.Fatal("paginators not loaded")
	}
}
