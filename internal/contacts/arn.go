package contacts

import (
	"strings"
)

// Scope is the partition of all data: an account in a region. It comes from
// the caller's signature.
type Scope struct {
	Account string
	Region  string
}

// Partition returns the AWS partition of the scope's region.
func (s Scope) Partition() string {
	switch {
	case strings.HasPrefix(s.Region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(s.Region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}

func (s Scope) arn(resource string) string {
	return "arn:" + s.Partition() + ":ssm-contacts:" + s.Region + ":" + s.Account + ":" + resource
}

// ContactARN is arn:<partition>:ssm-contacts:<region>:<account>:contact/<alias>.
func (s Scope) ContactARN(alias string) string { return s.arn("contact/" + alias) }

// ChannelARN is …:contact-channel/<alias>/<id>.
func (s Scope) ChannelARN(alias, id string) string {
	return s.arn("contact-channel/" + alias + "/" + id)
}

// EngagementARN is …:engagement/<alias>/<id>, alias of the engaged contact.
func (s Scope) EngagementARN(alias, id string) string {
	return s.arn("engagement/" + alias + "/" + id)
}

// PageARN is …:page/<alias>/<id>, alias of the paged personal contact.
func (s Scope) PageARN(alias, id string) string { return s.arn("page/" + alias + "/" + id) }

// RotationARN is …:rotation/<id>.
func (s Scope) RotationARN(id string) string { return s.arn("rotation/" + id) }

// Resource types as they appear in ARNs.
const (
	arnContact    = "contact"
	arnChannel    = "contact-channel"
	arnEngagement = "engagement"
	arnPage       = "page"
	arnRotation   = "rotation"
)

// ARN is a parsed ssm-contacts ARN.
type ARN struct {
	Partition string
	Region    string
	Account   string
	Type      string // contact, contact-channel, engagement, page, rotation
	Alias     string // contact alias; empty for rotations
	ID        string // uuid part; empty for contacts
}

// ParseARN splits an ssm-contacts ARN. ok is false for anything that is not
// one of the five resource forms this service issues.
func ParseARN(s string) (a ARN, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "ssm-contacts" {
		return ARN{}, false
	}
	a.Partition, a.Region, a.Account = parts[1], parts[3], parts[4]
	res := strings.Split(parts[5], "/")
	a.Type = res[0]
	switch {
	case a.Type == arnContact && len(res) == 2:
		a.Alias = res[1]
	case a.Type == arnRotation && len(res) == 2:
		a.ID = res[1]
	case (a.Type == arnChannel || a.Type == arnEngagement || a.Type == arnPage) && len(res) == 3:
		a.Alias, a.ID = res[1], res[2]
	default:
		return ARN{}, false
	}
	if a.Alias == "" && a.ID == "" {
		return ARN{}, false
	}
	return a, true
}

// In reports whether the ARN names a resource of scope s.
func (a ARN) In(s Scope) bool { return a.in(s) }

func (a ARN) in(s Scope) bool {
	return a.Account == s.Account && a.Region == s.Region && a.Partition == s.Partition()
}

// resolve parses id as an ARN of the wanted type inside scope s; anything
// else (malformed, other type, other account or region) is reported as not
// found, so that callers learn nothing of other scopes.
func resolve(s Scope, id, wantType string) (ARN, bool) {
	a, ok := ParseARN(id)
	if !ok || a.Type != wantType || !a.in(s) {
		return ARN{}, false
	}
	return a, true
}
