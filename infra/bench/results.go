package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Figure is one measured value: results.json holds one per key.
type Figure struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"`
	Pass   *bool   `json:"pass,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// Results collects the figures in the order they were measured.
type Results struct {
	order []string
	figs  map[string]Figure
	notes []string
}

func newResults() *Results { return &Results{figs: map[string]Figure{}} }

// add records a figure without a target.
func (r *Results) add(name string, v float64, unit, note string) {
	r.put(name, Figure{Value: round(v), Unit: unit, Note: note})
}

// check records a figure with its target and whether it is met.
func (r *Results) check(name string, v float64, unit, target string, pass bool, note string) {
	r.put(name, Figure{Value: round(v), Unit: unit, Target: target, Pass: &pass, Note: note})
}

func (r *Results) put(name string, f Figure) {
	if _, ok := r.figs[name]; !ok {
		r.order = append(r.order, name)
	}
	r.figs[name] = f
}

func (r *Results) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func round(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return -1
	}
	switch a := math.Abs(v); {
	case a >= 100:
		return math.Round(v*10) / 10
	case a >= 1:
		return math.Round(v*100) / 100
	default:
		return math.Round(v*10000) / 10000
	}
}

// write puts results.json and results.md in dir and returns the table.
func (r *Results) write(dir string, started time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	raw, err := json.MarshalIndent(r.figs, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(raw, '\n'), 0o644); err != nil {
		return "", err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# make bench — %s (%s)\n\n", started.UTC().Format(time.RFC3339), hostLine())
	fmt.Fprintln(&b, "| figure | value | unit | target | pass | note |")
	fmt.Fprintln(&b, "|---|---:|---|---|---|---|")
	for _, k := range r.order {
		f := r.figs[k]
		pass := ""
		if f.Pass != nil {
			pass = map[bool]string{true: "yes", false: "**NO**"}[*f.Pass]
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", k, fmtValue(f.Value), f.Unit, mdEscape(f.Target), pass, mdEscape(f.Note))
	}
	if len(r.notes) > 0 {
		fmt.Fprintln(&b, "\nNotes:")
		for _, n := range r.notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	var failed []string
	for _, k := range r.order {
		if f := r.figs[k]; f.Pass != nil && !*f.Pass {
			failed = append(failed, k)
		}
	}
	sort.Strings(failed)
	fmt.Fprintf(&b, "\nTargets missed: %d of %d", len(failed), r.targets())
	if len(failed) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(failed, ", "))
	}
	fmt.Fprintln(&b)
	if err := os.WriteFile(filepath.Join(dir, "results.md"), b.Bytes(), 0o644); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (r *Results) targets() int {
	n := 0
	for _, f := range r.figs {
		if f.Pass != nil {
			n++
		}
	}
	return n
}

func fmtValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e12 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%g", v)
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func hostLine() string {
	cpu := ""
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(line, "model name") {
				if _, v, ok := strings.Cut(line, ":"); ok {
					cpu = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	return fmt.Sprintf("%d CPU, %s", numCPU(), cpu)
}
