package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// A V2_0 event as Cognito sends it (the shape of the Cognito developer guide's sample).
const sample = `{"version":"2","triggerSource":"TokenGeneration_Authentication","region":"eu-central-1",
"userPoolId":"eu-central-1_abc","userName":"clerk-1","callerContext":{"awsSdkVersion":"x","clientId":"client"},
"request":{"userAttributes":{"sub":"1111","email":"clerk@minjust.example","custom:org":"kz-minjust"},
"groupConfiguration":{"groupsToOverride":["applicant"],"iamRolesToOverride":[],"preferredRole":null},"scopes":["openid"]},
"response":{"claimsAndScopeOverrideDetails":null}}`

func TestOrgClaimAddedToBothTokens(t *testing.T) {
	h := handler{log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	for _, tc := range []struct{ org, want string }{
		{"kz-minjust", "kz-minjust"}, {"", ""}, {" kz-x", ""}, {strings.Repeat("o", 65), ""},
	} {
		var ev events.CognitoEventUserPoolsPreTokenGenV2_0
		if err := json.Unmarshal([]byte(strings.Replace(sample, `"kz-minjust"`, `"`+tc.org+`"`, 1)), &ev); err != nil {
			t.Fatal(err)
		}
		out, err := h.handle(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(out.Response)
		var resp struct {
			ClaimsAndScopeOverrideDetails struct {
				IDTokenGeneration     struct{ ClaimsToAddOrOverride map[string]any }
				AccessTokenGeneration struct{ ClaimsToAddOrOverride map[string]any }
			}
		}
		if err := json.Unmarshal(b, &resp); err != nil {
			t.Fatal(err)
		}
		d := resp.ClaimsAndScopeOverrideDetails
		id, _ := d.IDTokenGeneration.ClaimsToAddOrOverride["org"].(string)
		access, _ := d.AccessTokenGeneration.ClaimsToAddOrOverride["org"].(string)
		if id != tc.want || access != tc.want {
			t.Errorf("org %q: id token %q, access token %q, want %q (%s)", tc.org, id, access, tc.want, b)
		}
	}
}
