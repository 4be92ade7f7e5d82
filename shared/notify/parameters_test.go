package notify

import (
	"reflect"
	"strings"
	"testing"
)

func TestRecipientsFromParameters(t *testing.T) {
	got, err := RecipientsFromParameters("/ictgov/prod/recipients", map[string]string{
		"/ictgov/prod/recipients/org/kz-minjust":          "it@minjust.example, head@minjust.example,it@minjust.example",
		"/ictgov/prod/recipients/role/authorized_body":    "ab@example.gov",
		"/ictgov/prod/recipients/org/_any":                "clerks@example.gov",
		"/ictgov/prod/recipients/role/service_integrator": "",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Recipients{"org:kz-minjust": {"head@minjust.example", "it@minjust.example"}, "role:authorized_body": {"ab@example.gov"},
		"org:*": {"clerks@example.gov"}, "role:service_integrator": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	_, err = RecipientsFromParameters("/ictgov/prod/recipients/", map[string]string{
		"/ictgov/prod/recipients/role/janitor":    "x@example.gov",
		"/ictgov/prod/recipients/org/kz-a":        "not-an-address",
		"/ictgov/prod/recipients/team/a":          "x@example.gov",
		"/ictgov/prod/recipients/org/kz-a/nested": "x@example.gov",
	})
	for _, want := range []string{`unknown role "janitor"`, `"not-an-address" is not an e-mail address`, "team/a", "kz-a/nested"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
