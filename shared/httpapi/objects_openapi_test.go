package httpapi_test

import (
	"reflect"
	"testing"

	"github.com/ictgov/ictgov/shared/registry"
)

// The object routes' schemas hold the JSON fields of the Go types they encode, as
// TestOpenAPISchemasMatchGoTypes holds the others (ObjectRecord is among those).
func TestObjectSchemasMatchGoTypes(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	oaSchemasMatch(t, doc, map[string]any{
		"StageEntry":            registry.StageEntry{},
		"Warranty":              registry.Warranty{},
		"ObjectDocumentSummary": registry.DocumentSummary{},
		"Development":           registry.Development{},
		"BudgetEligibility":     registry.Eligibility{},
		"ChangeReason":          registry.Reason{},
		"ChangeClassification":  registry.Classification{},
		"CreateObjectRequest":   registry.NewObjectInput{},
		"PatchObjectRequest":    registry.PatchInput{},
		"StageRequest":          registry.StageInput{},
		"DevelopmentRequest":    registry.DevelopmentInput{},
	})
	// ObjectDetail is ObjectRecord and the fields registry.Detail adds.
	detail := oaPath(doc, "components", "schemas", "ObjectDetail", "allOf")
	if detail == nil || len(detail.Content) != 2 {
		t.Fatal("ObjectDetail is not allOf [ObjectRecord, {documents, developments}]")
	}
	var added []string
	for _, f := range oaJsonFields(reflect.TypeOf(registry.Detail{})) {
		if f != "Object" { // the embedded record
			added = append(added, f)
		}
	}
	oaSameSet(t, "ObjectDetail's own properties", oaKeys(oaGet(detail.Content[1], "properties")), "registry.Detail's fields", added)
}
