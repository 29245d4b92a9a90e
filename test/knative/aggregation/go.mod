module ebb.dev/test/knative/aggregation

go 1.22

require knative.dev/serving v0.42.2

require github.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc // indirect
