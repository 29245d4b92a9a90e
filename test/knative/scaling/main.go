// Runs Knative's own KPA decision (knative.dev/serving/pkg/autoscaler/scaling v0.42.2, autoscaler.Scale, with
// 0.51's one change to it, below) over
// traces read from stdin, so the differential test can compare Ebb's decide() tick for tick. Input: JSON
// array of {"spec": DeciderSpec fields, "startReady": n, "ticks": [{"atMs", "ready", "stable", "panic",
// "noData"}]}. Output: JSON array (per trace) of arrays of {"desired", "ebc", "valid"}.
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"go.uber.org/zap"
	"k8s.io/apimachinery/pkg/types"
	"knative.dev/serving/pkg/autoscaler/metrics"
	"knative.dev/serving/pkg/autoscaler/scaling"
)

type spec struct {
	MaxScaleUpRate      float64 `json:"maxScaleUpRate"`
	MaxScaleDownRate    float64 `json:"maxScaleDownRate"`
	TargetValue         float64 `json:"targetValue"`
	TotalValue          float64 `json:"totalValue"`
	TargetBurstCapacity float64 `json:"targetBurstCapacity"`
	PanicThreshold      float64 `json:"panicThreshold"`
	StableWindowMs      int64   `json:"stableWindowMs"`
	ScaleDownDelayMs    int64   `json:"scaleDownDelayMs"`
	ActivationScale     int32   `json:"activationScale"`
	Reachable           bool    `json:"reachable"`
}

type tick struct {
	AtMs   int64   `json:"atMs"`
	Ready  int     `json:"ready"`
	Stable float64 `json:"stable"`
	Panic  float64 `json:"panic"`
	NoData bool    `json:"noData"`
}

type trace struct {
	Spec       spec   `json:"spec"`
	StartReady int    `json:"startReady"`
	Ticks      []tick `json:"ticks"`
}

type result struct {
	Desired int32 `json:"desired"`
	EBC     int32 `json:"ebc"`
	Valid   bool  `json:"valid"`
}

// replay answers the metric client and the pod counter from the current tick.
type replay struct{ t *tick }

func (r *replay) StableAndPanicConcurrency(types.NamespacedName, time.Time) (float64, float64, error) {
	if r.t.NoData {
		return 0, 0, metrics.ErrNoData
	}
	return r.t.Stable, r.t.Panic, nil
}

func (r *replay) StableAndPanicRPS(types.NamespacedName, time.Time) (float64, float64, error) {
	return r.StableAndPanicConcurrency(types.NamespacedName{}, time.Time{})
}

func (r *replay) ReadyCount() (int, error)    { return r.t.Ready, nil }
func (r *replay) NotReadyCount() (int, error) { return 0, nil }

func main() {
	var traces []trace
	if err := json.NewDecoder(os.Stdin).Decode(&traces); err != nil {
		panic(err)
	}
	logger := zap.NewNop().Sugar()
	out := make([][]result, 0, len(traces))
	for _, tr := range traces {
		// Knative 0.51 delays scale-down only for a reachable revision (autoscaler.go: `if
		// a.deciderSpec.Reachable && a.delayWindow != nil`); 0.42, built here because 0.51's scaling package
		// needs a newer knative.dev/pkg than the proxy serves, has no such check. A trace's reachability is
		// constant, so no delay window for an unreachable one is exactly 0.51's rule.
		if !tr.Spec.Reachable {
			tr.Spec.ScaleDownDelayMs = 0
		}
		start := tick{Ready: tr.StartReady}
		r := &replay{t: &start}
		s := tr.Spec
		a := scaling.New(context.Background(), "ns", "rev", r, r, &scaling.DeciderSpec{
			MaxScaleUpRate:      s.MaxScaleUpRate,
			MaxScaleDownRate:    s.MaxScaleDownRate,
			ScalingMetric:       "concurrency",
			TargetValue:         s.TargetValue,
			TotalValue:          s.TotalValue,
			TargetBurstCapacity: s.TargetBurstCapacity,
			PanicThreshold:      s.PanicThreshold,
			StableWindow:        time.Duration(s.StableWindowMs) * time.Millisecond,
			ScaleDownDelay:      time.Duration(s.ScaleDownDelayMs) * time.Millisecond,
			ActivationScale:     s.ActivationScale,
			Reachable:           s.Reachable,
		})
		results := make([]result, 0, len(tr.Ticks))
		for i := range tr.Ticks {
			r.t = &tr.Ticks[i]
			sr := a.Scale(logger, time.UnixMilli(tr.Ticks[i].AtMs))
			results = append(results, result{Desired: sr.DesiredPodCount, EBC: sr.ExcessBurstCapacity, Valid: sr.ScaleValid})
		}
		out = append(out, results)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
