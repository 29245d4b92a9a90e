// Command sender posts CloudEvents with the CloudEvents Go SDK v2 (the SDK Knative's own components use),
// for Ebb's interop tests. It reads a JSON array of event specs on stdin, sends each to -target in -mode
// (binary or structured), and prints one JSON line per event: the attributes as the SDK formats them for
// the wire (what a receiver should see) and the send result.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/cloudevents/sdk-go/v2/types"
)

// Extension is one extension attribute with its Go type: string, int, bool, time or uri.
type Extension struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Spec is one event to send.
type Spec struct {
	SpecVersion     string      `json:"specversion"`
	ID              string      `json:"id"`
	Source          string      `json:"source"`
	Type            string      `json:"type"`
	Subject         string      `json:"subject,omitempty"`
	Time            string      `json:"time,omitempty"`
	DataSchema      string      `json:"dataschema,omitempty"`
	DataContentType string      `json:"datacontenttype,omitempty"`
	DataBase64      string      `json:"data_base64,omitempty"`
	Extensions      []Extension `json:"extensions,omitempty"`
}

// Report is what the sender prints for one event.
type Report struct {
	ID         string            `json:"id"`
	Attributes map[string]string `json:"attributes"`
	Result     string            `json:"result"`
	Accepted   bool              `json:"accepted"`
}

func typedValue(e Extension) (interface{}, error) {
	switch e.Type {
	case "string":
		return e.Value, nil
	case "int":
		var n int32
		_, err := fmt.Sscan(e.Value, &n)
		return n, err
	case "bool":
		return e.Value == "true", nil
	case "time":
		t, err := time.Parse(time.RFC3339Nano, e.Value)
		return types.Timestamp{Time: t}, err
	case "uri":
		u, err := url.Parse(e.Value)
		if err != nil {
			return nil, err
		}
		return types.URI{URL: *u}, nil
	}
	return nil, fmt.Errorf("unknown extension type %q", e.Type)
}

func build(s Spec) (cloudevents.Event, error) {
	e := cloudevents.NewEvent(s.SpecVersion)
	e.SetID(s.ID)
	e.SetSource(s.Source)
	e.SetType(s.Type)
	if s.Subject != "" {
		e.SetSubject(s.Subject)
	}
	// The client would add the time when sending; set it here so that the report includes it.
	t := time.Now()
	if s.Time != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, s.Time); err != nil {
			return e, err
		}
	}
	e.SetTime(t)
	if s.DataSchema != "" {
		e.SetDataSchema(s.DataSchema)
	}
	for _, x := range s.Extensions {
		v, err := typedValue(x)
		if err != nil {
			return e, err
		}
		if err := e.Context.SetExtension(x.Name, v); err != nil {
			return e, err
		}
	}
	if s.DataBase64 != "" || s.DataContentType != "" {
		data, err := base64.StdEncoding.DecodeString(s.DataBase64)
		if err != nil {
			return e, err
		}
		if err := e.SetData(s.DataContentType, data); err != nil {
			return e, err
		}
	}
	return e, e.Validate()
}

// wireAttributes is every context attribute and extension as the SDK writes it in a header.
func wireAttributes(e cloudevents.Event) map[string]string {
	out := map[string]string{"specversion": e.SpecVersion(), "id": e.ID(), "source": e.Source(), "type": e.Type()}
	if e.Subject() != "" {
		out["subject"] = e.Subject()
	}
	if !e.Time().IsZero() {
		s, _ := types.Format(types.Timestamp{Time: e.Time()})
		out["time"] = s
	}
	if e.DataSchema() != "" {
		out["dataschema"] = e.DataSchema()
	}
	if e.DataContentType() != "" {
		out["datacontenttype"] = e.DataContentType()
	}
	for name, v := range e.Extensions() {
		s, _ := types.Format(v)
		out[name] = s
	}
	return out
}

func main() {
	target := flag.String("target", "", "the URL to post to")
	mode := flag.String("mode", "binary", "binary or structured")
	flag.Parse()
	var specs []Spec
	if err := json.NewDecoder(os.Stdin).Decode(&specs); err != nil {
		fmt.Fprintln(os.Stderr, "reading specs:", err)
		os.Exit(2)
	}
	client, err := cloudevents.NewClientHTTP()
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(2)
	}
	ctx := cloudevents.ContextWithTarget(context.Background(), *target)
	if *mode == "structured" {
		ctx = cloudevents.WithEncodingStructured(ctx)
	} else {
		ctx = cloudevents.WithEncodingBinary(ctx)
	}
	out := json.NewEncoder(os.Stdout)
	for _, s := range specs {
		e, err := build(s)
		report := Report{ID: s.ID}
		if err != nil {
			report.Result = "invalid event: " + err.Error()
		} else {
			report.Attributes = wireAttributes(e)
			result := client.Send(ctx, e)
			report.Result = fmt.Sprint(result)
			report.Accepted = cloudevents.IsACK(result)
		}
		_ = out.Encode(report)
	}
}
