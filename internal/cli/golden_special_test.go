package cli

func specialCases() []goldenCase { return nil }
