package sigv4

import "strings"

// Service is the signing name of AWS Systems Manager Incident Manager
// Contacts; a credential scoped to any other service is refused.
const Service = "ssm-contacts"

// ServiceIncidents is the signing name of AWS Systems Manager Incident
// Manager (ssm-incidents), which a Verifier checks when configured with it.
const ServiceIncidents = "ssm-incidents"

const scopeTerminator = "aws4_request"

// checkScope verifies the credential scope against this service and the
// request date. Like AWS it reports every mismatch in one message, each
// sentence ending in ". ".
func checkScope(c CredentialScope, requestDate string) *Error {
	return checkServiceScope(c, requestDate, Service)
}

// checkServiceScope is checkScope for the signing name service.
func checkServiceScope(c CredentialScope, requestDate, service string) *Error {
	var b strings.Builder
	if !validRegion(c.Region) {
		b.WriteString("Credential should be scoped to a valid region, not '" + c.Region + "'. ")
	}
	if c.Service != service {
		b.WriteString("Credential should be scoped to correct service: '" + service + "'. ")
	}
	if c.Terminator != scopeTerminator {
		b.WriteString("Credential should be scoped with a valid terminator: '" + scopeTerminator +
			"', not '" + c.Terminator + "'. ")
	}
	if day := requestDate[:8]; c.Date != day {
		b.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			c.Date + "' != '" + day + "', from '" + requestDate + "'. ")
	}
	if b.Len() == 0 {
		return nil
	}
	return newError(KindInvalidSignature, b.String())
}

// validRegion accepts any name that can stand in an ARN: lowercase letters,
// digits and hyphens. The server serves every region, so no list is kept.
func validRegion(r string) bool {
	if r == "" || len(r) > 64 {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
