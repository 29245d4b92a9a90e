module ebb.dev/test/knative/aggregation

go 1.26.0

require knative.dev/serving v0.51.0

require github.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc // indirect

replace (
	knative.dev/networking => knative.dev/networking v0.0.0-20240716111826-bab7f2a3e556
	knative.dev/pkg => knative.dev/pkg v0.0.0-20240716082220-4355f0c73608
)
