module github.com/ssmcontacts/ssmcontacts

go 1.26.8

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/google/go-cmp v0.7.0
	github.com/jmespath-community/go-jmespath v1.1.1
	golang.org/x/term v0.48.0
)

require (
	github.com/aws/smithy-go v1.28.9 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
