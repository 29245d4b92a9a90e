// Runs Knative Serving's own admission (SetDefaults, then Validate, as its webhook does on create) over
// manifests read from stdin, so the differential test can compare Ebb's verdicts, field paths and
// defaults with Knative's. Input: JSON array of objects (Service, Configuration or Route,
// serving.knative.dev/v1). Output: JSON array of {"errors": [{"message", "paths", "details"}],
// "defaulted": object} in the same order; a manifest that does not decode reports it as one error.
package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"

	"knative.dev/pkg/apis"
	v1 "knative.dev/serving/pkg/apis/serving/v1"
)

type fieldError struct {
	Message string   `json:"message"`
	Paths   []string `json:"paths"`
	Details string   `json:"details,omitempty"`
	Level   string   `json:"level"`
}

type verdict struct {
	Errors    []fieldError `json:"errors"`
	Defaulted any          `json:"defaulted,omitempty"`
}

type object interface {
	apis.Defaultable
	apis.Validatable
}

func newObject(kind string) object {
	switch kind {
	case "Service":
		return &v1.Service{}
	case "Configuration":
		return &v1.Configuration{}
	case "Route":
		return &v1.Route{}
	}
	return nil
}

func main() {
	var inputs []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		panic(err)
	}
	out := make([]verdict, 0, len(inputs))
	for _, raw := range inputs {
		var head struct {
			Kind string `json:"kind"`
		}
		_ = json.Unmarshal(raw, &head)
		obj := newObject(head.Kind)
		if obj == nil {
			out = append(out, verdict{Errors: []fieldError{{Message: "unknown kind " + head.Kind, Level: "Error"}}})
			continue
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(obj); err != nil {
			// What the API server's schema step refuses before the webhook sees it (a quantity like "lots").
			out = append(out, verdict{Errors: []fieldError{{Message: "decode: " + err.Error(), Level: "Error"}}})
			continue
		}
		ctx := apis.WithinCreate(context.Background())
		obj.SetDefaults(ctx)
		v := verdict{Errors: []fieldError{}, Defaulted: obj}
		if fe := obj.Validate(ctx); fe != nil {
			for _, e := range fe.WrappedErrors() {
				level := "Error"
				if e.Level == apis.WarningLevel {
					level = "Warning"
				}
				v.Errors = append(v.Errors, fieldError{Message: e.Message, Paths: e.Paths, Details: e.Details, Level: level})
			}
		}
		out = append(out, v)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
