// Package e2e drives the whole local system as the portal does: over HTTP through the
// local gateway (template.yaml's routes, the JWT check, RIE-run bootstrap binaries),
// uploads straight to the S3 server, and S3 events, the stream and schedules delivered
// by the gateway as AWS would deliver them.
package e2e

import (
	"time"
)

type application struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Org       string `json:"org"`
	Version   int    `json:"version"`
	Overdue   bool   `json:"overdue"`
	Object    struct{ ID, Name, Type string }
	Documents []struct{ ID, Kind, Status string }
	Score     *struct {
		Total  int
		Passes bool
	}
	Decision *struct {
		Decision string
		Grounds  []string
		Reasons  []string
	}
	Clocks []struct {
		Step, State, DueDate, Calendar string
		WorkingDays                    int
		DueAt                          *time.Time
	}
}

func (a application) clock(step string) (state, due string) {
	for _, c := range a.Clocks {
		if c.Step == step {
			return c.State, c.DueDate
		}
	}
	return "", ""
}
