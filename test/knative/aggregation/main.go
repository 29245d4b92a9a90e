// Runs Knative's own window averaging (knative.dev/serving/pkg/autoscaler/aggregation v0.51.0, which builds
// with knative.dev/pkg and networking replaced by serving v0.42.2's pins) over a trace read
// from stdin and prints every query's answer, so the differential test can compare Ebb's KPA buckets with
// Knative's tick for tick. Input: JSON {"windowMs": N, "weighted": bool, "ops": [{"op": "record"|"avg",
// "atMs": T, "value": V}]}. Output: JSON array of the averages, in order, as float64.
package main

import (
	"encoding/json"
	"os"
	"time"

	"knative.dev/serving/pkg/autoscaler/aggregation"
)

type op struct {
	Op    string  `json:"op"`
	AtMs  int64   `json:"atMs"`
	Value float64 `json:"value"`
}

type trace struct {
	WindowMs int64 `json:"windowMs"`
	Weighted bool  `json:"weighted"`
	Ops      []op  `json:"ops"`
}

type averager interface {
	Record(time.Time, float64)
	WindowAverage(time.Time) float64
}

func main() {
	var traces []trace
	if err := json.NewDecoder(os.Stdin).Decode(&traces); err != nil {
		panic(err)
	}
	out := make([][]float64, 0, len(traces))
	for _, t := range traces {
		window := time.Duration(t.WindowMs) * time.Millisecond
		var b averager
		if t.Weighted {
			b = aggregation.NewWeightedFloat64Buckets(window, time.Second)
		} else {
			b = aggregation.NewTimedFloat64Buckets(window, time.Second)
		}
		answers := []float64{}
		for _, o := range t.Ops {
			at := time.UnixMilli(o.AtMs)
			if o.Op == "record" {
				b.Record(at, o.Value)
			} else {
				answers = append(answers, b.WindowAverage(at))
			}
		}
		out = append(out, answers)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
