package migration_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/migrate/migration"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

// The fixture's applications and objects (testdata/README.md).
const (
	envApp       = "01kktg7t400kz2r45cbspevxg8" // kz-environment, provided, free term running
	includedApp  = "01kktg7t4077x4eenrepsj4feb" // included, then ceased and excluded
	exclusionApp = "01kktg7t40f5z03d1dmp1exed0" // kz-operator-exclusion of the above
	overdueApp   = "01kktg7t40fg16v9177mmb3nv3" // in ab_check, overdue after a sweep
	listedApp    = "01kktg7t40gxk7wxtaxqb7z0e8" // included, still listed
	refusedApp   = "01kktg7t40hm0hv3bhwen2e79f" // refused on ¶7.1 and ¶7.2
	withdrawnApp = "01kktg7t40me4nmp71w2shpm6d"
	draftApp     = "01kktg7t40z8x5xhv11ke6grgw"
	listedObj    = "01kktg7t4046xphb23yfy6zc63"
	excludedObj  = "01kktg7t40nbkgm0x2r600kbf5"
	draftObj     = "01kktg7t40nrzfy22sgbtde9km"
	envObj       = "01kktg7t406jvw6jdmrw0ga89f"
)

var migratedAt = time.Date(2026, 4, 20, 6, 0, 0, 0, time.UTC)

// fromJSON turns DynamoDB JSON ({"S": ...}, {"M": ...}) into an attribute value.
func fromJSON(t *testing.T, v map[string]any) types.AttributeValue {
	t.Helper()
	for k, x := range v {
		switch k {
		case "S":
			return &types.AttributeValueMemberS{Value: x.(string)}
		case "N":
			return &types.AttributeValueMemberN{Value: x.(string)}
		case "BOOL":
			return &types.AttributeValueMemberBOOL{Value: x.(bool)}
		case "NULL":
			return &types.AttributeValueMemberNULL{Value: true}
		case "L":
			var l []types.AttributeValue
			for _, e := range x.([]any) {
				l = append(l, fromJSON(t, e.(map[string]any)))
			}
			if l == nil {
				l = []types.AttributeValue{}
			}
			return &types.AttributeValueMemberL{Value: l}
		case "M":
			m := map[string]types.AttributeValue{}
			for mk, mv := range x.(map[string]any) {
				m[mk] = fromJSON(t, mv.(map[string]any))
			}
			return &types.AttributeValueMemberM{Value: m}
		}
	}
	t.Fatalf("not DynamoDB JSON: %v", v)
	return nil
}

// loadFixture writes the first release's items into a fresh table made from today's
// template, as they were.
func loadFixture(t *testing.T) (*dynamodb.Client, dynamo.Tables) {
	t.Helper()
	db := testenv.DynamoDB(t)
	tables := testenv.Tables(t, db)
	raw, err := os.ReadFile("../testdata/v1-items.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]map[string]any
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		m := map[string]types.AttributeValue{}
		for k, v := range it {
			m[k] = fromJSON(t, v)
		}
		if _, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: &tables.Registry, Item: m}); err != nil {
			t.Fatal(err)
		}
	}
	if len(items) < 150 {
		t.Fatalf("the fixture holds %d items", len(items))
	}
	return db, tables
}

func scanAll(t *testing.T, db *dynamodb.Client, table string) []map[string]types.AttributeValue {
	t.Helper()
	in := &dynamodb.ScanInput{TableName: &table, ConsistentRead: aws.Bool(true)}
	var out []map[string]types.AttributeValue
	for {
		page, err := db.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if len(page.LastEvaluatedKey) == 0 {
			return out
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

func sv(m map[string]types.AttributeValue, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// canonical is the table as comparable text, without the migration's own state item.
func canonical(t *testing.T, db *dynamodb.Client, table string) []string {
	t.Helper()
	var out []string
	for _, it := range scanAll(t, db, table) {
		if sv(it, "PK") == "MIGRATION#layout" {
			continue
		}
		out = append(out, render(it))
	}
	sort.Strings(out)
	return out
}

func render(v any) string {
	switch x := v.(type) {
	case map[string]types.AttributeValue:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("{")
		for _, k := range keys {
			fmt.Fprintf(&b, "%s:%s,", k, render(x[k]))
		}
		return b.String() + "}"
	case *types.AttributeValueMemberM:
		return render(x.Value)
	case *types.AttributeValueMemberL:
		var parts []string
		for _, e := range x.Value {
			parts = append(parts, render(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%q", x.Value)
	case *types.AttributeValueMemberN:
		return x.Value
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprint(x.Value)
	case *types.AttributeValueMemberNULL:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// The first release's table, migrated (twice: the second run changes nothing), read back
// through today's store and HTTP handlers: applications with their sections, facts and
// results, clocks in today's keys (the overdue queue, the sweep firing the free term's end
// once), the operator's list from the objects' own items, the objects' life-cycle stages.
func TestMigrateTheFirstRelease(t *testing.T) {
	db, tables := loadFixture(t)
	ctx := context.Background()
	m, err := migration.Run(ctx, db, tables.Registry, migration.Options{Now: migratedAt, PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]int{}
	for _, s := range m.Report.Steps {
		changed[s.Name] = s.Changed
	}
	// 4 applications whose trail lacked part of a result (three recommendations' notes,
	// the provision's note), 8 applications, 12 clocks, 7 objects, 34 outbox items and 1
	// list entry.
	if want := map[string]int{"results-into-trail": 4, "applications": 8, "clocks": 12, "objects": 7, "leftovers": 35}; !mapsEqual(changed, want) {
		t.Fatalf("first run changed %v, want %v", changed, want)
	}
	once := canonical(t, db, tables.Registry)

	// Again: every step is done; and even forgetting that, every item is left as it is.
	m, err = migration.Run(ctx, db, tables.Registry, migration.Options{Now: migratedAt})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Report.Steps {
		if !s.Skipped {
			t.Fatalf("second run ran step %+v", s)
		}
	}
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &tables.Registry,
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "MIGRATION#layout"}, "SK": &types.AttributeValueMemberS{Value: "#META"}}}); err != nil {
		t.Fatal(err)
	}
	m, err = migration.Run(ctx, db, tables.Registry, migration.Options{Now: migratedAt.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Report.Steps {
		if s.Changed != 0 {
			t.Fatalf("a run over a migrated table changed %+v", s)
		}
	}
	if again := canonical(t, db, tables.Registry); !slices.Equal(once, again) {
		t.Fatal("the second run changed the table")
	}

	// Nothing of the first release's layout is left, and nothing will be delivered again.
	for _, it := range scanAll(t, db, tables.Registry) {
		pk, sk := sv(it, "PK"), sv(it, "SK")
		switch {
		case strings.HasPrefix(pk, "OUTBOX#") || strings.HasPrefix(pk, "LIST#"):
			t.Fatalf("left over: %s %s", pk, sk)
		case strings.HasPrefix(sk, "CLK#") && strings.Count(sk, "#") != 2:
			t.Fatalf("a clock in the old key: %s %s", pk, sk)
		case it["Outbox"] != nil:
			t.Fatalf("a migrated item would be delivered: %s %s", pk, sk)
		case sk == "#META" && strings.HasPrefix(pk, "APP#"):
			for _, k := range []string{"criteria", "environment", "score", "recommendation", "decision", "provision"} {
				if it[k] != nil {
					t.Fatalf("%s keeps %s on its item", pk, k)
				}
			}
		}
	}

	store := dynamo.New(db, tables)
	s3c := testenv.S3(t)
	docs := s3store.New(s3c, testenv.Bucket(t, s3c))
	now := func() time.Time { return migratedAt }
	apps := lambdaapp.HTTP((&httpapi.Applications{Store: store, Docs: docs, Now: now}).Routes())
	reg := lambdaapp.HTTP((&httpapi.Registry{Store: store, Docs: docs, Now: now}).Routes())
	ab := apitest.Who{Sub: "ab-1", Org: "kz-mdai", Roles: []string{"authorized_body"}}
	clerk := apitest.Who{Sub: "clerk-1", Org: "kz-minjust", Roles: []string{"applicant"}}
	get := func(h apitest.Handler, who apitest.Who, path string, v any) {
		t.Helper()
		r := apitest.Call(ctx, h, who, "GET", path, nil)
		if r.Err != nil || r.Status != 200 {
			t.Fatalf("GET %s: %d %s %v", path, r.Status, r.Body, r.Err)
		}
		if err := json.Unmarshal(r.Body, v); err != nil {
			t.Fatal(err)
		}
	}

	// Applications: sections, facts and results, as the first release showed them.
	type result struct {
		Architecture, Note, Decision string
		Grounds, Reasons             []string
		By                           string
		Round                        int
	}
	var inc struct {
		Status, Procedure string
		Round             int
		Criteria          map[string]bool
		Score             struct {
			Total  int
			Passes bool
		}
		Recommendation *result
		Decision       *result
		Documents      []struct{ Kind, Status string }
		Clocks         []struct {
			Step, State string
			Round       int
		}
	}
	get(apps, ab, "/v1/applications/"+listedApp, &inc)
	if inc.Status != "included" || inc.Round != 1 || len(inc.Criteria) != 13 || inc.Score.Total != 13 || !inc.Score.Passes ||
		inc.Recommendation == nil || inc.Recommendation.Architecture != "complies" || inc.Recommendation.By != "si-1" ||
		inc.Decision == nil || inc.Decision.Decision != "include" || len(inc.Documents) != 8 || len(inc.Clocks) != 3 {
		t.Fatalf("the included application: %+v", inc)
	}
	for _, c := range inc.Clocks {
		if c.State != "met" || c.Round != 1 {
			t.Fatalf("clock %+v", c)
		}
	}
	get(apps, ab, "/v1/applications/"+includedApp, &inc)
	if inc.Recommendation == nil || inc.Recommendation.Note != "соответствует" || inc.Decision.Reasons[0] != "ok" {
		t.Fatalf("the recommendation's note, folded from the completed trail entry: %+v %+v", inc.Recommendation, inc.Decision)
	}
	get(apps, ab, "/v1/applications/"+refusedApp, &inc)
	if inc.Status != "refused" || !slices.Equal(inc.Decision.Grounds, []string{"7.1", "7.2"}) || inc.Score.Passes ||
		inc.Recommendation.Architecture != "does_not_comply" || inc.Recommendation.Note != "нет" {
		t.Fatalf("the refused application: %+v %+v", inc.Decision, inc.Recommendation)
	}
	var env struct {
		Status      string
		Environment struct {
			AgreementDate string
			Types         []string
		}
		Provision *result
		Clocks    []struct {
			Step, State, DueDate string
			Round                int
		}
	}
	get(apps, clerk, "/v1/applications/"+envApp, &env)
	if env.Status != "provided" || env.Environment.AgreementDate != "2026-03-13" || env.Provision == nil || env.Provision.Note != "ready" {
		t.Fatalf("the environment application: %+v", env)
	}
	states := map[string]string{}
	for _, c := range env.Clocks {
		states[c.Step] = c.State + " " + c.DueDate
	}
	if states["free_term"] != "running 2026-06-13" || !strings.HasPrefix(states["op_provision"], "met") {
		t.Fatalf("the environment's clocks: %v", states)
	}
	var queue struct{ Items []struct{ ID string } }
	get(apps, ab, "/v1/applications?overdue=true", &queue)
	if len(queue.Items) != 1 || queue.Items[0].ID != overdueApp {
		t.Fatalf("the overdue queue: %+v", queue)
	}
	get(apps, clerk, "/v1/applications?limit=200", &queue)
	if len(queue.Items) != 7 { // kz-minjust's: all but kz-mef's withdrawn one
		t.Fatalf("the organisation's queue: %d", len(queue.Items))
	}
	// A draft of the first release is still a draft today: it renames its object.
	r := apitest.Call(ctx, apps, clerk, "PATCH", "/v1/applications/"+draftApp, map[string]any{"object": map[string]any{"name": "Е-нотариат ПАК", "type": "hardware_software_complex"}})
	if r.Status != 200 {
		t.Fatalf("patch the draft: %d %s", r.Status, r.Body)
	}

	// The operator's list: the listed object's own item, by listedAt.
	var list struct {
		Items []struct{ ObjectID, ApplicationID, Org string }
	}
	get(reg, apitest.Who{}, "/v1/public/operator-list", &list)
	if len(list.Items) != 1 || list.Items[0].ObjectID != listedObj || list.Items[0].ApplicationID != listedApp {
		t.Fatalf("the operator's list: %+v", list)
	}

	// Objects: the life cycle separated from the list.
	type obj struct {
		Stage, Name  string
		Listed       bool
		Version      int
		StageHistory []struct {
			Stage string
			On    *string
		}
		TechnicalDocumentation *struct{ DocumentID, ApplicationID string }
		ExclusionApplicationID string
	}
	var o obj
	get(reg, ab, "/v1/objects/"+listedObj, &o)
	if o.Stage != "operation" || !o.Listed || len(o.StageHistory) != 2 || o.StageHistory[1].On != nil ||
		o.TechnicalDocumentation == nil || o.TechnicalDocumentation.ApplicationID != listedApp {
		t.Fatalf("the listed object: %+v", o)
	}
	get(reg, clerk, "/v1/objects/"+excludedObj, &o)
	if o.Stage != "terminated" || o.Listed || len(o.StageHistory) != 3 || o.StageHistory[2].On == nil ||
		*o.StageHistory[2].On != "2026-03-20" || o.ExclusionApplicationID != exclusionApp {
		t.Fatalf("the excluded object: %+v", o)
	}
	get(reg, clerk, "/v1/objects/"+draftObj, &o)
	if o.Stage != "initiated" || o.Listed || o.Name != "Е-нотариат ПАК" || o.Version != 2 {
		t.Fatalf("the draft's object: %+v", o)
	}
	var el struct {
		Eligible bool
		Missing  []struct{ Item string }
	}
	get(reg, clerk, "/v1/objects/"+listedObj+"/budget-eligibility", &el)
	if el.Eligible || len(el.Missing) != 1 || el.Missing[0].Item != "funding" {
		t.Fatalf("the listed object's budget gate: %+v", el)
	}
	var objs struct{ Items []struct{ ID, Stage string } }
	get(reg, clerk, "/v1/objects?stage=initiated", &objs)
	var ids []string
	for _, x := range objs.Items {
		ids = append(ids, x.ID)
	}
	// kz-minjust's objects registered but never listed: the draft's, the overdue
	// application's, the refused one's and the environment's.
	if len(ids) != 4 || !slices.Contains(ids, envObj) || !slices.Contains(ids, draftObj) {
		t.Fatalf("kz-minjust's initiated objects: %v", ids)
	}
	get(reg, ab, "/v1/objects?eligible=false", &objs)
	if len(objs.Items) != 1 || objs.Items[0].ID != listedObj {
		t.Fatalf("the not-eligible queue: %+v", objs)
	}
	// The listed object's cessation still opens its exclusion (002 ¶11).
	r = apitest.Call(ctx, reg, clerk, "POST", "/v1/objects/"+listedObj+"/cessation", map[string]any{"ceasedOn": "2026-04-01"})
	if r.Status != 200 {
		t.Fatalf("cessation of the migrated listed object: %d %s", r.Status, r.Body)
	}

	// The sweep reads the re-derived due keys: the free term ends once.
	st, err := store.Sweep(ctx, time.Date(2026, 6, 14, 0, 5, 0, 0, time.UTC), dynamo.SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.TermsEnded != 1 || st.Fired != 1 {
		t.Fatalf("the sweep after the migration: %+v", st)
	}
	if st, _ = store.Sweep(ctx, time.Date(2026, 6, 14, 1, 5, 0, 0, time.UTC), dynamo.SweepOptions{}); st.Fired != 0 {
		t.Fatalf("fired again: %+v", st)
	}
}

// An interrupted migration resumes where it stopped and ends as one run would.
func TestMigrationResumes(t *testing.T) {
	ctx := context.Background()
	db, tables := loadFixture(t)
	if _, err := migration.Run(ctx, db, tables.Registry, migration.Options{Now: migratedAt}); err != nil {
		t.Fatal(err)
	}
	whole := canonical(t, db, tables.Registry)

	db2, tables2 := loadFixture(t)
	runs := 0
	for {
		runs++
		if runs > 100 {
			t.Fatal("the migration never ended")
		}
		_, err := migration.Run(ctx, db2, tables2.Registry, migration.Options{Now: migratedAt, PageSize: 7, MaxPages: 3})
		if err == nil {
			break
		}
		if !errors.Is(err, migration.ErrInterrupted) {
			t.Fatal(err)
		}
	}
	if runs < 5 {
		t.Fatalf("only %d runs: the interruption did not happen", runs)
	}
	if got := canonical(t, db2, tables2.Registry); !slices.Equal(got, whole) {
		for i := range min(len(got), len(whole)) {
			if got[i] != whole[i] {
				t.Fatalf("after %d interrupted runs the table differs:\n got  %s\n want %s", runs, got[i], whole[i])
			}
		}
		t.Fatalf("after %d interrupted runs: %d items, want %d", runs, len(got), len(whole))
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
