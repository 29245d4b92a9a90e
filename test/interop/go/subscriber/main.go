// Command subscriber receives CloudEvents with the CloudEvents Go SDK v2 receiver, for Ebb's interop tests.
// It listens on 127.0.0.1 (-port, 0 for a free one), prints "listening on PORT", then one JSON line per
// event: the request path, every attribute as the SDK reads it, typed readings of extensions named int*,
// bool*, time*, uri*, and the data's length and SHA-256. An event of type com.example.interop.reply-request
// is answered with a reply event (type com.example.reply.response) carrying its subject and extensions.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	"github.com/cloudevents/sdk-go/v2/types"
)

// Received is what the subscriber prints for one event.
type Received struct {
	Path       string                 `json:"path"`
	ID         string                 `json:"id"`
	Attributes map[string]string      `json:"attributes"`
	Typed      map[string]interface{} `json:"typed"`
	DataLength int                    `json:"dataLength"`
	DataSHA256 string                 `json:"dataSha256"`
	Headers    map[string][]string    `json:"headers"`
}

const replyRequest = "com.example.interop.reply-request"

func attributes(e cloudevents.Event) map[string]string {
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

func typed(e cloudevents.Event) map[string]interface{} {
	out := map[string]interface{}{}
	for name, v := range e.Extensions() {
		var x interface{}
		var err error
		switch {
		case strings.HasPrefix(name, "int"):
			x, err = types.ToInteger(v)
		case strings.HasPrefix(name, "bool"):
			x, err = types.ToBool(v)
		case strings.HasPrefix(name, "time"):
			var t time.Time
			t, err = types.ToTime(v)
			x = t.UTC().Format(time.RFC3339Nano)
		case strings.HasPrefix(name, "uri"):
			var u *url.URL
			u, err = types.ToURL(v)
			if err == nil {
				x = u.String()
			}
		default:
			continue
		}
		if err != nil {
			x = "error: " + err.Error()
		}
		out[name] = x
	}
	return out
}

func main() {
	port := flag.Int("port", 0, "port to listen on (0: a free one)")
	flag.Parse()
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(2)
	}
	p, err := cehttp.New(cehttp.WithListener(listener), cehttp.WithRequestDataAtContextMiddleware())
	if err != nil {
		fmt.Fprintln(os.Stderr, "protocol:", err)
		os.Exit(2)
	}
	client, err := cloudevents.NewClient(p)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	out := json.NewEncoder(os.Stdout)
	receive := func(ctx context.Context, e cloudevents.Event) (*cloudevents.Event, cloudevents.Result) {
		sum := sha256.Sum256(e.Data())
		r := Received{
			ID:         e.ID(),
			Attributes: attributes(e),
			Typed:      typed(e),
			DataLength: len(e.Data()),
			DataSHA256: hex.EncodeToString(sum[:]),
		}
		if req := cehttp.RequestDataFromContext(ctx); req != nil {
			r.Path = req.URL.Path
			r.Headers = req.Header
		}
		mu.Lock()
		_ = out.Encode(r)
		mu.Unlock()
		if e.Type() != replyRequest {
			return nil, cloudevents.ResultACK
		}
		reply := cloudevents.NewEvent()
		reply.SetID("reply-" + e.ID())
		reply.SetSource("/go-subscriber")
		reply.SetType("com.example.reply.response")
		reply.SetSubject(e.Subject())
		for name, v := range e.Extensions() {
			if !strings.HasPrefix(name, "knative") {
				_ = reply.Context.SetExtension(name, v)
			}
		}
		_ = reply.SetData(cloudevents.ApplicationJSON, map[string]string{"replyTo": e.ID()})
		return &reply, cloudevents.ResultACK
	}
	fmt.Printf("listening on %d\n", listener.Addr().(*net.TCPAddr).Port)
	if err := client.StartReceiver(context.Background(), receive); err != nil {
		fmt.Fprintln(os.Stderr, "receiver:", err)
		os.Exit(1)
	}
}
