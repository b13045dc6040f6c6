module github.com/ssmcontacts/ssmcontacts

go 1.26.8
