package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/document"
)

// lvMailOrg has an e-mail address in infra/test.sh's recipients, so the freeze e-mail,
// with its Latvian subject, can be read back from Mailpit.
const lvMailOrg = "lv-e2e-zm"

type lvDecision struct {
	ID        string
	AdoptedOn *string
	Deadlines []struct {
		Name, Basis, State string
		Due                *string
	}
	Obligations []struct {
		Org           string
		Deadlines     []struct{ Name, State string }
		FreezePeriods []struct{ Since, Until time.Time }
	}
}

func (d lvDecision) deadline(name string) (state, due string) {
	for _, dl := range d.Deadlines {
		if dl.Name == name {
			if dl.Due != nil {
				due = *dl.Due
			}
			return dl.State, due
		}
	}
	return "", ""
}

type lvOrg struct {
	Org, Name string
	Parent    *string
	Freeze    *struct {
		Since      time.Time
		DecisionID string
		Basis, Via string
	}
}

type lvCheck struct {
	Allowed       bool
	Reason, Basis string
	Flags         []struct{ Code string }
}

func rigaToday() calendar.Date {
	cal, _ := calendar.For("LV")
	return calendar.DateOf(time.Now(), cal.Location())
}

func lvOrgOf(t *testing.T, u *apitest.User, org string) lvOrg {
	t.Helper()
	var o lvOrg
	apitest.Do(t, u, "GET", "/v1/orgs/"+org, nil).Want(t, 200).Decode(t, &o)
	return o
}

func lvCheckOf(t *testing.T, u *apitest.User, org, category string) lvCheck {
	t.Helper()
	var c lvCheck
	apitest.Do(t, u, "GET", "/v1/orgs/"+org+"/investment-check?category="+category, nil).Want(t, 200).Decode(t, &c)
	return c
}

// Seed 000 end to end through the gateway: a decision recorded without its adoption date
// (the draft has none: every deadline pending), D set once (a second time 409), the
// organisations' §6.1 applications with their own evidence, the §6.2 gate fired by the
// scheduled DeadlineCheck at the end of D + 3 months in Riga (a late sweep, once, with the
// due moment as the freeze's start), the freeze reaching subordinate institutions, the
// investment check with its reason, an extraordinary investment agreed, an exemption
// (§7.2), the freeze lifted by a later agreement, an initial action plan (§6.4), and the
// Latvian text through DynamoDB, S3 and e-mail (RFC 2047). Not parallel: it sweeps.
func TestConsolidationDecisionThroughTheGateway(t *testing.T) {
	sfx := apitest.Suffix()
	varam := apitest.Login(t, "varam-"+sfx, "lv-varam", "coordinator")
	zm, lad, km, am, tm := lvMailOrg, "lv-lad-"+sfx, "lv-km-"+sfx, "lv-am-"+sfx, "lv-tm-"+sfx
	clerk := map[string]*apitest.User{}
	for _, o := range []string{zm, lad, km, am, tm} {
		clerk[o] = apitest.Login(t, "clerk-"+o, o, "applicant")
	}
	// The hierarchy, with the Latvian names.
	for _, o := range []struct{ org, parent, name string }{
		{zm, "", "Zemkopības ministrija"}, {lad, zm, "Lauku atbalsta dienests — ā č ē ģ ī ķ ļ ņ š ū ž"},
		{km, "", "Kultūras ministrija"}, {am, "", "Ārlietu ministrija"}, {tm, "", "Tieslietu ministrija"},
	} {
		var parent any
		if o.parent != "" {
			parent = o.parent
		}
		apitest.Do(t, clerk[zm], "POST", "/v1/orgs/"+o.org, map[string]any{"parent": parent, "name": o.name}).Want(t, 403)
		apitest.Do(t, varam, "POST", "/v1/orgs/"+o.org, map[string]any{"parent": parent, "name": o.name}).Want(t, 201)
	}
	if o := lvOrgOf(t, clerk[lad], lad); o.Name != "Lauku atbalsta dienests — ā č ē ģ ī ķ ļ ņ š ū ž" || o.Parent == nil || *o.Parent != zm || o.Freeze != nil {
		t.Fatalf("the organisation read back: %+v", o)
	}
	apitest.Do(t, varam, "POST", "/v1/orgs/"+zm, map[string]any{"parent": lad, "name": "x"}).Want(t, 422) // a loop

	// The decision, as the draft has it: no adoption date.
	var d lvDecision
	apitest.Do(t, varam, "POST", "/v1/decisions", map[string]any{"title": "Par valsts IKT resursu un kompetenču konsolidāciju",
		"adoptedOn": nil, "orgs": []string{zm, km, am}}).Want(t, 201).Decode(t, &d)
	for _, name := range []string{"submission", "freeze", "action_plan", "cabinet_amendments"} {
		if st, due := d.deadline(name); st != "pending" || due != "" {
			t.Fatalf("000 %s without D: %s %q", name, st, due)
		}
	}
	apitest.Do(t, clerk[zm], "PATCH", "/v1/decisions/"+d.ID, map[string]any{"adoptedOn": "2026-01-01"}).Want(t, 403)
	apitest.Do(t, varam, "PATCH", "/v1/decisions/"+d.ID, map[string]any{"adoptedOn": "31.02.2026"}).Want(t, 422)

	// D three months and three days ago, written as the seeds write dates.
	today := rigaToday()
	day0 := calendar.AddMonths(today, -3).AddDays(-3)
	apitest.Do(t, varam, "PATCH", "/v1/decisions/"+d.ID, map[string]any{"adoptedOn": day0.DayMonthYear()}).Want(t, 200).Decode(t, &d)
	apitest.Do(t, varam, "PATCH", "/v1/decisions/"+d.ID, map[string]any{"adoptedOn": day0.DayMonthYear()}).Want(t, 409)
	subDue, gateDue := clock.AddMonths(day0, 2, clock.Clamp).String(), clock.AddMonths(day0, 3, clock.Clamp).String()
	if st, due := d.deadline("submission"); st != "running" || due != subDue {
		t.Fatalf("000 §6.1 after D: %s %s, want running %s", st, due, subDue)
	}
	if st, due := d.deadline("freeze"); st != "running" || due != gateDue {
		t.Fatalf("000 §6.2 after D: %s %s, want running %s", st, due, gateDue)
	}

	// 000 §6.1: the organisations apply, each with its own evidence; one not named cannot.
	r := apitest.Do(t, clerk[tm], "POST", "/v1/applications", map[string]any{"procedure": "lv-shared-services", "details": map[string]any{"decisionId": d.ID}}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"details.decisionId"}) {
		t.Fatalf("an organisation the decision does not name: %v", got)
	}
	var zmApp, kmApp generic
	apitest.Do(t, clerk[zm], "POST", "/v1/applications", map[string]any{"procedure": "lv-migration",
		"details": map[string]any{"decisionId": d.ID, "summary": "Pakāpeniska pāreja uz koplietošanas pakalpojumiem"}}).Want(t, 201).Decode(t, &zmApp)
	r = apitest.Do(t, clerk[zm], "POST", "/v1/applications/"+zmApp.ID+"/submit", nil).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"documents.transition_justification"}) {
		t.Fatalf("submit without the justification: %v", got)
	}
	docID := apitest.Upload(t, clerk[zm], zmApp.ID, "transition_justification", "pārejas_pamatojums_ž.pdf", "application/pdf", document.SamplePDF())
	if st, reasons := apitest.DocStatus(t, clerk[zm], zmApp.ID, docID); st != "valid" {
		t.Fatalf("the justification: %s %v", st, reasons)
	}
	actG(t, clerk[zm], zmApp.ID, "submit", nil, 200)
	apitest.Do(t, clerk[km], "POST", "/v1/applications", map[string]any{"procedure": "lv-shared-services",
		"details": map[string]any{"decisionId": d.ID}}).Want(t, 201).Decode(t, &kmApp)
	uploadValid(t, clerk[km], kmApp.ID, "precondition_evidence")
	actG(t, clerk[km], kmApp.ID, "submit", nil, 200)
	actG(t, clerk[km], kmApp.ID, "agreement", map[string]any{"decision": "agree"}, 403)
	// VARAM agrees lv-km now: after the gate's moment, before the sweep fired it. The
	// agreement closes the gate itself: km was under freeze from the due moment until now.
	actG(t, varam, kmApp.ID, "agreement", map[string]any{"decision": "agree"}, 200)

	// The scheduled sweep, days after the gate's moment, twice: the gate fires once.
	sweep(t, time.Now())
	sweep(t, time.Now().Add(time.Minute))
	gateAt, _ := calendar.ParseDate(gateDue)
	cal, _ := calendar.For("LV")
	since := cal.EndOfDay(gateAt)
	for org, via := range map[string]string{zm: "", lad: zm, am: ""} {
		o := lvOrgOf(t, clerk[lad], org)
		if o.Freeze == nil || !o.Freeze.Since.Equal(since) || o.Freeze.Via != via || o.Freeze.DecisionID != d.ID || o.Freeze.Basis != "000 §6.2" {
			t.Fatalf("%s: freeze %+v, want since %s via %q", org, o.Freeze, since, via)
		}
	}
	if o := lvOrgOf(t, varam, km); o.Freeze != nil {
		t.Fatalf("lv-km was agreed; still frozen: %+v", o.Freeze)
	}
	apitest.Do(t, varam, "GET", "/v1/decisions/"+d.ID, nil).Want(t, 200).Decode(t, &d)
	for _, ob := range d.Obligations {
		if ob.Org == km && (len(ob.FreezePeriods) != 1 || !ob.FreezePeriods[0].Since.Equal(since)) {
			t.Fatalf("lv-km's freeze period: %+v", ob.FreezePeriods)
		}
	}
	if st, _ := d.deadline("freeze"); st != "overdue" {
		t.Fatalf("000 §6.2 after the gate: %s", st)
	}
	// Everyone frozen is told, once; subordinates too; the coordinator too.
	apitest.Eventually(t, "the freeze notices", func() bool {
		return slices.Equal(refInbox(t, clerk[zm], "org", zm), []string{"freeze"}) &&
			slices.Equal(refInbox(t, clerk[lad], "org", zm), []string{"freeze"}) &&
			slices.Contains(refInbox(t, varam, "org", am), "freeze")
	})
	// The e-mail's subject is Latvian, encoded as RFC 2047 in the header.
	apitest.Eventually(t, "the freeze e-mail", func() bool { return lvMail(t, zm, "investīciju iesaldēšana") })

	// 000 §6.2: the investment check, with its reason and basis.
	if c := lvCheckOf(t, clerk[lad], lad, "servers"); c.Allowed || c.Basis != "000 §6.2" || !strings.Contains(c.Reason, zm) {
		t.Fatalf("a frozen subordinate's servers: %+v", c)
	}
	apitest.Do(t, clerk[lad], "GET", "/v1/orgs/"+lad+"/investment-check?category=racks", nil).Want(t, 400)
	// An extraordinary investment in an emergency (digest Q5: agreed with VARAM).
	var inv generic
	apitest.Do(t, clerk[km], "POST", "/v1/applications", map[string]any{"procedure": "lv-extraordinary-investment",
		"details": map[string]any{"decisionId": d.ID, "category": "servers", "ground": "emergency", "amountEur": 18500}}).Want(t, 422)
	apitest.Do(t, clerk[lad], "POST", "/v1/applications", map[string]any{"procedure": "lv-extraordinary-investment",
		"details": map[string]any{"decisionId": d.ID, "category": "servers", "ground": "emergency", "amountEur": 18500,
			"description": "Datu centra serveru avārijas nomaiņa"}}).Want(t, 201).Decode(t, &inv)
	actG(t, clerk[lad], inv.ID, "submit", nil, 200)
	actG(t, varam, inv.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	if c := lvCheckOf(t, clerk[lad], lad, "servers"); !c.Allowed {
		t.Fatalf("servers after the agreed investment: %+v", c)
	}
	if c := lvCheckOf(t, clerk[lad], lad, "storage"); c.Allowed {
		t.Fatalf("storage is not what was agreed: %+v", c)
	}

	// 000 §7.2: the diplomatic service's ministry is exempt; its freeze is lifted.
	apitest.Do(t, varam, "POST", "/v1/decisions/"+d.ID+"/exemptions", map[string]any{"org": am, "ground": "7.3", "justification": "x"}).Want(t, 422)
	apitest.Do(t, varam, "POST", "/v1/decisions/"+d.ID+"/exemptions", map[string]any{"org": am, "ground": "7.2",
		"justification": "Diplomātiskā un konsulārā dienesta IKT atbalsts"}).Want(t, 200)
	if o := lvOrgOf(t, varam, am); o.Freeze != nil {
		t.Fatalf("exempt, still frozen: %+v", o.Freeze)
	}

	// VARAM agrees lv-zm after the gate: its freeze and its subordinate's end.
	actG(t, varam, zmApp.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	for _, org := range []string{zm, lad} {
		if o := lvOrgOf(t, varam, org); o.Freeze != nil {
			t.Fatalf("%s after the agreement: %+v", org, o.Freeze)
		}
	}
	if c := lvCheckOf(t, clerk[lad], lad, "storage"); !c.Allowed {
		t.Fatalf("storage after the ministry's agreement: %+v", c)
	}

	// 000 §6.3–§6.4: the initial action plan, with a provisional migration date already past.
	var plan generic
	past := today.AddDays(-1)
	apitest.Do(t, clerk[zm], "POST", "/v1/applications", map[string]any{"procedure": "lv-action-plan", "details": map[string]any{
		"decisionId": d.ID, "version": 2}}).Want(t, 422)
	apitest.Do(t, clerk[zm], "POST", "/v1/applications", map[string]any{"procedure": "lv-action-plan", "details": map[string]any{
		"decisionId": d.ID, "version": 1, "initial": true, "justification": "no_suitable_services",
		"deferredAreas": []string{"Reģionālās serveru telpas"}, "provisionalMigrationOn": past.String()}}).Want(t, 201).Decode(t, &plan)
	actG(t, clerk[zm], plan.ID, "submit", nil, 200)
	actG(t, varam, plan.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	if c := lvCheckOf(t, clerk[lad], lad, "storage"); !c.Allowed || len(c.Flags) != 1 || c.Flags[0].Code != "provisional_migration_date_passed" {
		t.Fatalf("000 §6.4 the provisional date passed: %+v", c)
	}
	apitest.Do(t, varam, "GET", "/v1/decisions/"+d.ID, nil).Want(t, 200).Decode(t, &d)
	for _, ob := range d.Obligations {
		if ob.Org != zm {
			continue
		}
		states := map[string]string{}
		for _, dl := range ob.Deadlines {
			states[dl.Name] = dl.State
		}
		if states["submission"] != "overdue" || states["freeze"] != "overdue" || states["action_plan"] != "met" || len(ob.FreezePeriods) != 1 {
			t.Fatalf("lv-zm's obligations: %v %+v", states, ob.FreezePeriods)
		}
	}
	var trail struct {
		Items []struct {
			Type string
			Data map[string]any
		}
	}
	apitest.Do(t, varam, "GET", "/v1/decisions/"+d.ID+"/events?limit=200", nil).Want(t, 200).Decode(t, &trail)
	gates := 0
	for _, e := range trail.Items {
		if e.Type == "clock_overdue" && strings.HasPrefix(e.Data["step"].(string), "freeze:") {
			gates++
		}
	}
	if gates != 2 { // lv-zm and lv-am; lv-km's gate was closed by its agreement
		t.Fatalf("%d gate firings in the trail", gates)
	}
	apitest.Do(t, clerk[zm], "GET", "/v1/decisions/01jd8w0a1b2c3d4e5f6g7h8j9k", nil).Want(t, 404)
}

// lvMail finds a Mailpit message whose decoded subject names the organisation and
// contains want, and checks its raw header carries the subject as an RFC 2047 encoded-word.
func lvMail(t *testing.T, org, want string) bool {
	t.Helper()
	base := os.Getenv("ICTGOV_MAILPIT_URL")
	res, err := http.Get(base + "/api/v1/messages?limit=500")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []struct{ ID, Subject string }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, m := range out.Messages {
		if !strings.Contains(m.Subject, org) || !strings.Contains(m.Subject, want) {
			continue
		}
		raw, err := http.Get(base + "/api/v1/message/" + m.ID + "/raw")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(raw.Body)
		raw.Body.Close()
		head, _, _ := strings.Cut(string(b), "\r\n\r\n")
		for _, line := range strings.Split(head, "\r\n") {
			if strings.HasPrefix(strings.ToLower(line), "subject:") {
				if !strings.Contains(strings.ToLower(line), "=?utf-8?") {
					t.Fatalf("the subject header is not RFC 2047: %q", line)
				}
				return true
			}
		}
	}
	return false
}
