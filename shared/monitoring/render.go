package monitoring

import (
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
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

// The document is written with html.EscapeString rather than html/template: a template's
// method calls keep every exported method of every reachable type in the binary, which
// made the Monitoring function 21 MB (make bench figure 5 asks at most 15); written by
// hand it is the size of the others. Every value from a record goes through text().

// page writes HTML, keeping the first write error.
type page struct {
	w   io.Writer
	err error
}

// raw writes markup as is.
func (p *page) raw(parts ...string) {
	for _, s := range parts {
		if p.err == nil {
			_, p.err = io.WriteString(p.w, s)
		}
	}
}

// text writes a value, escaped.
func (p *page) text(s string) { p.raw(html.EscapeString(s)) }

func (p *page) num(n int) { p.raw(strconv.Itoa(n)) }

func local(t time.Time) string { return t.In(almaty).Format("2006-01-02 15:04") }

func pct(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64) + "%"
}

const style = `body{font-family:"DejaVu Sans","Noto Sans","PT Sans","Liberation Sans",Arial,sans-serif;margin:2rem auto;max-width:72rem;color:#111;font-size:14px;line-height:1.4}
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
`

func (p *page) head(r *Report, h SnapshotHeader) {
	p.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Monitoring report ")
	p.text(r.Period)
	p.raw("</title>\n<style>\n", style, "</style>\n</head>\n<body>\n<h1>Monitoring report ")
	p.text(r.Period)
	p.raw("</h1>\n<p class=\"kk\" lang=\"kk\">Архитектураны іске асыру мониторингінің нәтижелері: тиісті кезеңдегі іске асыру туралы есеп (004 ¶26)</p>\n",
		"<table class=\"meta\">\n<tr><th>Report</th><td><code>")
	p.text(r.ID)
	p.raw("</code></td></tr>\n<tr><th>Period</th><td>")
	p.text(r.Period + ": " + r.From + " to " + r.To)
	p.raw(" (Asia/Almaty)")
	if !h.Complete {
		p.raw(" — made before the period ended: it holds what was recorded until it was made")
	}
	p.raw("</td></tr>\n<tr><th>Submitted</th><td>")
	p.text(local(r.CreatedAt) + " (Asia/Almaty) by " + r.CreatedBy.Sub + " (" + r.CreatedBy.Org + ")")
	p.raw(", service integrator (004 ¶26)</td></tr>\n<tr><th>Status</th><td>")
	p.text(r.Status)
	if r.CoordinatedAt != nil {
		by := actor.Actor{}
		if r.CoordinatedBy != nil {
			by = *r.CoordinatedBy
		}
		p.text(" on " + local(*r.CoordinatedAt) + " (Asia/Almaty) by " + by.Sub + " (" + by.Org + ")")
		p.raw(", authorized body (004 ¶27)")
		if r.CoordinationNote != "" {
			p.raw(" — ")
			p.text(r.CoordinationNote)
		}
	}
	p.raw("</td></tr>\n<tr><th>Snapshot SHA-256</th><td><code>")
	p.text(r.Snapshot.SHA256)
	p.raw("</code> (")
	p.raw(strconv.FormatInt(r.Snapshot.Size, 10))
	p.raw(" bytes, never rewritten)</td></tr>\n</table>\n<h2>Totals</h2>\n<table>\n",
		"<tr><th>Assessments</th><th>Level 1</th><th>Level 2</th><th>Level 3</th><th>Recommendations open</th><th>Recommendations overdue</th><th>R1</th><th>R2</th><th>R3</th><th>R4</th><th>R5</th><th>Findings</th></tr>\n<tr>")
	t := r.Totals
	cells := []int{t.Assessments, t.Levels["1"], t.Levels["2"], t.Levels["3"], t.Recommendations["open"], t.Recommendations["overdue"],
		t.Risks["R1"], t.Risks["R2"], t.Risks["R3"], t.Risks["R4"], t.Risks["R5"], t.Findings}
	for _, n := range cells {
		p.raw("<td class=\"num\">")
		p.num(n)
		p.raw("</td>")
	}
	p.raw("</tr>\n</table>\n")
}

// The sections of the document, in the snapshot's order: a heading, then a table (or
// "None.").
var sectionHeads = map[string]string{
	"assessments":     "<h2>Assessments and conclusions (004 ¶21–¶26)</h2>\n",
	"recommendations": "<h2>Recommendations open or overdue when the report was made (004 ¶25, ¶28.2)</h2>\n",
	"risks":           "<h2>Risk factors recorded in the period (004 ¶28)</h2>\n",
	"findings":        "<h2>Architectural control findings (004 ¶23)</h2>\n",
}

var sectionTables = map[string]string{
	"assessments":     "<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Stage</th><th>Checks</th><th>Conclusion</th><th>Recommendations</th></tr>\n",
	"recommendations": "<table><tr><th>Due</th><th>Organisation</th><th>ICT project</th><th>Recommendation</th><th>State</th></tr>\n",
	"risks":           "<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Factor</th><th>Evidence</th></tr>\n",
	"findings":        "<table><tr><th>Date</th><th>Organisation</th><th>ICT project</th><th>Finding</th><th>Text</th></tr>\n",
}

// cells writes a row's first cells: a date, the organisation and the project.
func (p *page) cells(date, org, project string) {
	p.raw("<td class=\"date\">")
	p.text(date)
	p.raw("</td><td>")
	p.text(org)
	p.raw("</td><td>")
	p.text(project)
	p.raw("</td>")
}

func (p *page) assessment(a Assessment) {
	l, _ := a.Level.Info()
	lv := strconv.Itoa(int(a.Level))
	p.raw("<tr class=\"l", lv, "\">")
	p.cells(a.On, a.Org, a.ProjectName)
	p.raw("<td>")
	p.text(string(a.Stage))
	p.raw("</td>\n<td>")
	keys := make([]string, 0, len(a.Checks))
	for k := range a.Checks {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if a.Checks[k] {
			p.raw("<span class=\"ok\" title=\"holds\">")
			p.text(k)
			p.raw(" ✓</span> ")
		} else {
			p.raw("<span class=\"no\" title=\"does not hold\">")
			p.text(k)
			p.raw(" ✗</span> ")
		}
	}
	p.raw("</td>\n<td>", lv, " — ")
	p.text(l.Text)
	p.raw("<br><span class=\"kk\" lang=\"kk\">")
	p.text(l.TextKK)
	p.raw("</span></td><td class=\"num\">")
	p.num(len(a.Recommendations))
	p.raw("</td></tr>\n")
}

func (p *page) recommendation(x RecommendationRow) {
	p.raw("<tr>")
	p.cells(x.DueOn, x.Org, x.ProjectName)
	p.raw("<td>")
	p.text(x.Text)
	p.raw("</td><td")
	if x.State == RecOverdue {
		p.raw(" class=\"overdue\"")
	}
	p.raw(">")
	p.text(string(x.State))
	p.raw("</td></tr>\n")
}

func (p *page) risk(x Risk) {
	p.raw("<tr>")
	p.cells(x.On, x.Org, x.ProjectName)
	p.raw("<td>")
	p.text(x.Factor)
	p.raw("</td><td>")
	p.text(x.Evidence)
	if x.Budget != nil {
		p.text(" (planned " + money(x.Budget.Planned) + ", actual " + money(x.Budget.Actual) + ": overrun " + pct(x.OverrunPct) + ")")
	}
	p.raw("</td></tr>\n")
}

func (p *page) finding(x Finding) {
	p.raw("<tr>")
	p.cells(x.On, x.Org, x.ProjectName)
	p.raw("<td>")
	p.text(x.Kind)
	p.raw("</td><td>")
	p.text(x.Text)
	p.raw("</td></tr>\n")
}

func (p *page) tail() {
	p.raw("<h2>Legend: the checks of each stage (004 ¶22–¶24) and the levels (004 ¶26)</h2>\n",
		"<table><tr><th>Check</th><th>Basis</th><th>Text</th><th lang=\"kk\">Мәтін (seed)</th></tr>\n")
	for _, set := range CheckSets {
		for _, c := range set.Checks {
			p.raw("<tr><td>")
			p.text(c.Code)
			p.raw("</td><td>")
			p.text(c.Basis)
			p.raw("</td><td>")
			p.text(c.Text)
			p.raw("</td><td class=\"kk\" lang=\"kk\">")
			p.text(c.TextKK)
			p.raw("</td></tr>\n")
		}
	}
	p.raw("</table>\n<table><tr><th>Level</th><th>Basis</th><th>Text</th><th lang=\"kk\">Мәтін (seed)</th></tr>\n")
	for _, l := range Levels {
		lv := strconv.Itoa(int(l.Level))
		p.raw("<tr class=\"l", lv, "\"><td>", lv, "</td><td>")
		p.text(l.Basis)
		p.raw("</td><td>")
		p.text(l.Text)
		p.raw("</td><td class=\"kk\" lang=\"kk\">")
		p.text(l.TextKK)
		p.raw("</td></tr>\n")
	}
	p.raw("</table>\n</body>\n</html>\n")
}

// WriteHTML renders a report as a document a person reads (and prints): its record,
// then the snapshot's sections, then a legend of the checks and levels with the seed's
// own Kazakh wording. Every value is escaped.
func WriteHTML(w io.Writer, r *Report, snapshot io.Reader) error {
	p := &page{w: w}
	section, rows := -1, 0
	// moveTo closes the open section and opens every section up to i, saying "None." of
	// those without records.
	moveTo := func(i int) {
		for section < i {
			if section >= 0 {
				if rows == 0 {
					p.raw("<p class=\"none\">None.</p>\n")
				} else {
					p.raw("</table>\n")
				}
			}
			section++
			rows = 0
			if section < len(sections) {
				p.raw(sectionHeads[sections[section]])
			}
		}
	}
	row := func(i int, write func()) error {
		moveTo(i)
		if rows == 0 {
			p.raw(sectionTables[sections[i]])
		}
		rows++
		write()
		return p.err
	}
	_, rerr := ReadSnapshot(snapshot, SnapshotVisitor{
		Header:         func(h SnapshotHeader) error { p.head(r, h); return p.err },
		Assessment:     func(a Assessment) error { return row(0, func() { p.assessment(a) }) },
		Recommendation: func(x RecommendationRow) error { return row(1, func() { p.recommendation(x) }) },
		Risk:           func(x Risk) error { return row(2, func() { p.risk(x) }) },
		Finding:        func(x Finding) error { return row(3, func() { p.finding(x) }) },
	})
	if rerr != nil {
		return rerr
	}
	moveTo(len(sections))
	p.tail()
	return p.err
}
