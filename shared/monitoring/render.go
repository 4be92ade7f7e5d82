package monitoring

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The report's other forms are renderings of the frozen snapshot, read record by record:
// the snapshot is the one thing stored, so a CSV or a printed document can never differ
// from it.

// CSVHeader is the first row of a report as CSV.
var CSVHeader = []string{"section", "id", "org", "projectId", "projectName", "stage", "date", "level", "checks", "state", "factor", "kind", "text"}

// safeCell keeps a spreadsheet from running a cell as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func checkList(checks map[string]bool) string {
	keys := make([]string, 0, len(checks))
	for k := range checks {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.FormatBool(checks[k])
	}
	return strings.Join(parts, " ")
}

// WriteCSV renders a snapshot as CSV, one row per record, section by section.
func WriteCSV(w io.Writer, snapshot io.Reader) error {
	cw := csv.NewWriter(w)
	row := func(cells ...string) error {
		for i := range cells {
			cells[i] = safeCell(cells[i])
		}
		return cw.Write(cells)
	}
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	_, err := ReadSnapshot(snapshot, SnapshotVisitor{
		Assessment: func(a Assessment) error {
			return row("assessment", a.ID, a.Org, a.ProjectID, a.ProjectName, string(a.Stage), a.On, strconv.Itoa(int(a.Level)),
				checkList(a.Checks), "", "", "", a.Note)
		},
		Recommendation: func(r RecommendationRow) error {
			return row("recommendation", r.ID, r.Org, r.ProjectID, r.ProjectName, string(r.Stage), r.DueOn, "", "", string(r.State), "", "", r.Text)
		},
		Risk: func(r Risk) error {
			text := r.Evidence
			if r.OverrunPct != nil {
				text = fmt.Sprintf("%s (overrun %s%%)", text, strconv.FormatFloat(*r.OverrunPct, 'f', 2, 64))
			}
			return row("risk", r.ID, r.Org, r.ProjectID, r.ProjectName, string(r.Stage), r.On, "", "", "", r.Factor, "", text)
		},
		Finding: func(f Finding) error {
			return row("finding", f.ID, f.Org, f.ProjectID, f.ProjectName, string(f.Stage), f.On, "", "", "", "", f.Kind, f.Text)
		},
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// money groups an amount's digits by thousands with a narrow no-break space, as amounts
// in tenge are printed (120 000 000).
func money(v float64) string {
	whole := strconv.FormatFloat(v, 'f', -1, 64)
	frac := ""
	if i := strings.IndexByte(whole, '.'); i >= 0 {
		whole, frac = whole[:i], whole[i:]
	}
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	out := b.String() + frac
	if neg {
		out = "-" + out
	}
	return out
}

var funcs = template.FuncMap{
	"local": func(t time.Time) string { return t.In(almaty).Format("2006-01-02 15:04") },
	"levelInfo": func(l Level) LevelInfo {
		info, _ := l.Info()
		return info
	},
	"checks": func(a Assessment) []struct {
		Code string
		OK   bool
	} {
		keys := make([]string, 0, len(a.Checks))
		for k := range a.Checks {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make([]struct {
			Code string
			OK   bool
		}, len(keys))
		for i, k := range keys {
			out[i].Code, out[i].OK = k, a.Checks[k]
		}
		return out
	},
	"pct": func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 2, 64) + "%"
	},
	"money": money,
}

var page = template.Must(template.New("report").Funcs(funcs).Parse(`
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Monitoring report {{.R.Period}}</title>
<style>
body{font-family:"DejaVu Sans","Noto Sans","PT Sans","Liberation Sans",Arial,sans-serif;margin:2rem auto;max-width:72rem;color:#111;font-size:14px;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:2px solid #235;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #9aa;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.date{white-space:nowrap}
th{background:#e8eef6}
.kk{color:#333;font-style:italic}
.meta th{width:14rem}
.l1{background:#fbdcdc}.l2{background:#fcf3cf}.l3{background:#dcf3dc}
.ok{color:#15702a;font-weight:bold}.no{color:#a11;font-weight:bold}
.overdue{color:#a11;font-weight:bold}
.none{color:#555;font-style:italic}
.num{text-align:right}
code{font-size:12px}
@media print{body{margin:1cm;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>Monitoring report {{.R.Period}}</h1>
<p class="kk" lang="kk">Архитектураны іске асыру мониторингінің нәтижелері: тиісті кезеңдегі іске асыру туралы есеп (004 ¶26)</p>
<table class="meta">
<tr><th>Report</th><td><code>{{.R.ID}}</code></td></tr>
<tr><th>Period</th><td>{{.R.Period}}: {{.R.From}} to {{.R.To}} (Asia/Almaty){{if not .H.Complete}} — made before the period ended: it holds what was recorded until it was made{{end}}</td></tr>
<tr><th>Submitted</th><td>{{local .R.CreatedAt}} (Asia/Almaty) by {{.R.CreatedBy.Sub}} ({{.R.CreatedBy.Org}}), service integrator (004 ¶26)</td></tr>
<tr><th>Status</th><td>{{.R.Status}}{{if .R.CoordinatedAt}} on {{local .R.CoordinatedAt}} (Asia/Almaty) by {{.R.CoordinatedBy.Sub}} ({{.R.CoordinatedBy.Org}}), authorized body (004 ¶27){{if .R.CoordinationNote}} — {{.R.CoordinationNote}}{{end}}{{end}}</td></tr>
<tr><th>Snapshot SHA-256</th><td><code>{{.R.Snapshot.SHA256}}</code> ({{.R.Snapshot.Size}} bytes, never rewritten)</td></tr>
</table>
<h2>Totals</h2>
<table>
<tr><th>Assessments</th><th>Level 1</th><th>Level 2</th><th>Level 3</th><th>Recommendations open</th><th>Recommendations overdue</th><th>R1</th><th>R2</th><th>R3</th><th>R4</th><th>R5</th><th>Findings</th></tr>
<tr><td class="num">{{.R.Totals.Assessments}}</td><td class="num">{{index .R.Totals.Levels "1"}}</td><td class="num">{{index .R.Totals.Levels "2"}}</td><td class="num">{{index .R.Totals.Levels "3"}}</td>
<td class="num">{{index .R.Totals.Recommendations "open"}}</td><td class="num">{{index .R.Totals.Recommendations "overdue"}}</td>
<td class="num">{{index .R.Totals.Risks "R1"}}</td><td class="num">{{index .R.Totals.Risks "R2"}}</td><td class="num">{{index .R.Totals.Risks "R3"}}</td><td class="num">{{index .R.Totals.Risks "R4"}}</td><td class="num">{{index .R.Totals.Risks "R5"}}</td>
<td class="num">{{.R.Totals.Findings}}</td></tr>
</table>
{{end}}
{{define "assessments"}}<h2>Assessments and conclusions (004 ¶21–¶26)</h2>
{{end}}
{{define "assessments-table"}}<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Stage</th><th>Checks</th><th>Conclusion</th><th>Recommendations</th></tr>
{{end}}
{{define "assessment"}}{{$l := levelInfo .Level}}<tr class="l{{.Level}}"><td class="date">{{.On}}</td><td>{{.Org}}</td><td>{{.ProjectName}}</td><td>{{.Stage}}</td>
<td>{{range checks .}}<span class="{{if .OK}}ok{{else}}no{{end}}" title="{{if .OK}}holds{{else}}does not hold{{end}}">{{.Code}} {{if .OK}}✓{{else}}✗{{end}}</span> {{end}}</td>
<td>{{.Level}} — {{$l.Text}}<br><span class="kk" lang="kk">{{$l.TextKK}}</span></td><td class="num">{{len .Recommendations}}</td></tr>
{{end}}
{{define "recommendations"}}<h2>Recommendations open or overdue when the report was made (004 ¶25, ¶28.2)</h2>
{{end}}
{{define "recommendations-table"}}<table><tr><th>Due</th><th>Organisation</th><th>ICT project</th><th>Recommendation</th><th>State</th></tr>
{{end}}
{{define "recommendation"}}<tr><td class="date">{{.DueOn}}</td><td>{{.Org}}</td><td>{{.ProjectName}}</td><td>{{.Text}}</td><td{{if eq .State "overdue"}} class="overdue"{{end}}>{{.State}}</td></tr>
{{end}}
{{define "risks"}}<h2>Risk factors recorded in the period (004 ¶28)</h2>
{{end}}
{{define "risks-table"}}<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Factor</th><th>Evidence</th></tr>
{{end}}
{{define "risk"}}<tr><td class="date">{{.On}}</td><td>{{.Org}}</td><td>{{.ProjectName}}</td><td>{{.Factor}}</td><td>{{.Evidence}}{{if .Budget}} (planned {{money .Budget.Planned}}, actual {{money .Budget.Actual}}: overrun {{pct .OverrunPct}}){{end}}</td></tr>
{{end}}
{{define "findings"}}<h2>Architectural control findings (004 ¶23)</h2>
{{end}}
{{define "findings-table"}}<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Finding</th><th>Text</th></tr>
{{end}}
{{define "finding"}}<tr><td class="date">{{.On}}</td><td>{{.Org}}</td><td>{{.ProjectName}}</td><td>{{.Kind}}</td><td>{{.Text}}</td></tr>
{{end}}
{{define "end-table"}}</table>
{{end}}
{{define "empty"}}<p class="none">None.</p>
{{end}}
{{define "tail"}}<h2>Legend: the checks of each stage (004 ¶22–¶24) and the levels (004 ¶26)</h2>
<table><tr><th>Check</th><th>Basis</th><th>Text</th><th lang="kk">Мәтін (seed)</th></tr>
{{range .Sets}}{{range .Checks}}<tr><td>{{.Code}}</td><td>{{.Basis}}</td><td>{{.Text}}</td><td class="kk" lang="kk">{{.TextKK}}</td></tr>
{{end}}{{end}}</table>
<table><tr><th>Level</th><th>Basis</th><th>Text</th><th lang="kk">Мәтін (seed)</th></tr>
{{range .Levels}}<tr class="l{{.Level}}"><td>{{.Level}}</td><td>{{.Basis}}</td><td>{{.Text}}</td><td class="kk" lang="kk">{{.TextKK}}</td></tr>
{{end}}</table>
</body>
</html>
{{end}}`))

// WriteHTML renders a report as a document a person reads (and prints): its record,
// then the snapshot's sections, then a legend of the checks and levels with the seed's
// own Kazakh wording. Every value is escaped.
func WriteHTML(w io.Writer, r *Report, snapshot io.Reader) error {
	section := -1
	var err error
	exec := func(name string, v any) {
		if err == nil {
			err = page.ExecuteTemplate(w, name, v)
		}
	}
	rows := 0
	// moveTo closes the open section and opens every section up to i, saying "None." of
	// those without records.
	moveTo := func(i int) {
		for section < i {
			if section >= 0 {
				if rows == 0 {
					exec("empty", nil)
				} else {
					exec("end-table", nil)
				}
			}
			section++
			rows = 0
			if section < len(sections) {
				exec(sections[section], nil)
			}
		}
	}
	row := func(i int, name string, v any) error {
		moveTo(i)
		if rows == 0 {
			exec(sections[i]+"-table", nil)
		}
		rows++
		exec(name, v)
		return err
	}
	_, rerr := ReadSnapshot(snapshot, SnapshotVisitor{
		Header: func(h SnapshotHeader) error {
			exec("head", struct {
				R *Report
				H SnapshotHeader
			}{r, h})
			return err
		},
		Assessment:     func(a Assessment) error { return row(0, "assessment", a) },
		Recommendation: func(x RecommendationRow) error { return row(1, "recommendation", x) },
		Risk:           func(x Risk) error { return row(2, "risk", x) },
		Finding:        func(x Finding) error { return row(3, "finding", x) },
	})
	if rerr != nil {
		return rerr
	}
	moveTo(len(sections))
	exec("tail", struct {
		Sets   []StageChecks
		Levels []LevelInfo
	}{CheckSets, Levels})
	return err
}
