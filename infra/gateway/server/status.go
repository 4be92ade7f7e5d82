package server

import (
	"net/http"
	"os"
	"time"
)

type statusDoc struct {
	URL       string           `json:"url"`
	Template  string           `json:"template"`
	Ready     bool             `json:"ready"`
	Functions []functionStatus `json:"functions"`
	Routes    []routeStatus    `json:"routes"`
	Schedules []scheduleStatus `json:"schedules"`
	Streams   []streamStatus   `json:"streams"`
	S3        []s3Status       `json:"s3Notifications"`
	// Queues are the template's SQS queues and the messages each holds.
	Queues map[string]int `json:"queues"`
}

type functionStatus struct {
	ID          string `json:"id"`
	GoMain      string `json:"goMain"`
	Instances   int    `json:"instances"`
	Binary      string `json:"binary,omitempty"`
	BinaryBytes int64  `json:"binaryBytes,omitempty"`
	Timeout     int    `json:"timeout"`
	MemorySize  int    `json:"memorySize"`
}

type routeStatus struct {
	Route    string `json:"route"`
	Function string `json:"function"`
	Public   bool   `json:"public"`
}

type scheduleStatus struct {
	Function   string     `json:"function"`
	Event      string     `json:"event"`
	Expression string     `json:"expression"`
	Timezone   string     `json:"timezone,omitempty"`
	Enabled    bool       `json:"enabled"`
	Manual     bool       `json:"manual,omitempty"` // fired only through /dev/schedules
	Next       *time.Time `json:"next,omitempty"`
}

type streamStatus struct {
	Function         string `json:"function"`
	Event            string `json:"event"`
	Table            string `json:"table"`
	BatchSize        int    `json:"batchSize"`
	StartingPosition string `json:"startingPosition"`
	Polling          bool   `json:"polling"`
}

type s3Status struct {
	Function string   `json:"function"`
	Event    string   `json:"event"`
	Bucket   string   `json:"bucket"`
	Events   []string `json:"events"`
	Prefix   string   `json:"prefix,omitempty"`
	Suffix   string   `json:"suffix,omitempty"`
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	doc := statusDoc{URL: s.url, Template: s.cfg.TemplatePath, Ready: s.isReady(),
		Functions: []functionStatus{}, Routes: []routeStatus{}, Schedules: []scheduleStatus{},
		Streams: []streamStatus{}, S3: []s3Status{}}
	s.mu.Lock()
	for _, f := range s.tmpl.Functions {
		fs := functionStatus{ID: f.LogicalID, GoMain: f.GoMain, Timeout: f.Timeout, MemorySize: f.MemorySize}
		if p := s.pools[f.LogicalID]; p != nil {
			fs.Instances = p.Instances()
		}
		if b := s.binaries[f.LogicalID]; b != "" {
			fs.Binary = b
			if st, err := os.Stat(b); err == nil {
				fs.BinaryBytes = st.Size()
			}
		}
		doc.Functions = append(doc.Functions, fs)
	}
	schedules := make(map[string]Schedule, len(s.schedules))
	for k, v := range s.schedules {
		schedules[k] = v
	}
	streams := append([]*streamState(nil), s.streams...)
	s.mu.Unlock()
	for _, rt := range s.router.Routes() {
		doc.Routes = append(doc.Routes, routeStatus{Route: rt.Key(), Function: rt.Function, Public: rt.Public})
	}
	now := time.Now()
	for _, f := range s.tmpl.Functions {
		for _, ev := range f.Events {
			switch {
			case ev.Schedule != nil:
				ss := scheduleStatus{Function: f.LogicalID, Event: ev.Name, Expression: ev.Schedule.Expression,
					Timezone: ev.Schedule.Timezone, Enabled: ev.Schedule.Enabled, Manual: s.cfg.ManualSchedules}
				if sch := schedules[f.LogicalID+"/"+ev.Name]; sch != nil && ev.Schedule.Enabled && !s.cfg.ManualSchedules {
					if next, ok := sch.Next(now); ok {
						ss.Next = &next
					}
				}
				doc.Schedules = append(doc.Schedules, ss)
			case ev.S3 != nil:
				doc.S3 = append(doc.S3, s3Status{Function: f.LogicalID, Event: ev.Name, Bucket: ev.S3.Bucket,
					Events: ev.S3.Events, Prefix: ev.S3.Prefix, Suffix: ev.S3.Suffix})
			case ev.DynamoDB != nil:
				st := streamStatus{Function: f.LogicalID, Event: ev.Name, BatchSize: ev.DynamoDB.BatchSize,
					StartingPosition: ev.DynamoDB.StartingPosition}
				st.Table, _ = s.tmpl.TableName(ev.DynamoDB.Table)
				for _, ps := range streams {
					if ps.spec.Function == f.LogicalID && ps.spec.Event == ev.Name {
						st.Polling = ps.running.Load()
					}
				}
				doc.Streams = append(doc.Streams, st)
			}
		}
	}
	doc.Queues = s.aws.Queues()
	writeJSON(w, http.StatusOK, doc, true)
}
