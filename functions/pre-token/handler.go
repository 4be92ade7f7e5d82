package main

import (
	"context"
	"log/slog"
	"strings"
	"unicode"

	"github.com/aws/aws-lambda-go/events"
)

// orgAttribute is the user pool's custom attribute that names the person's organisation
// (template.yaml, UserPool Schema); only administrators may write it (UserPoolClient
// WriteAttributes leaves it out).
const orgAttribute = "custom:org"

// maxOrgLen matches the attribute's MaxLength in the template.
const maxOrgLen = 64

type handler struct{ log *slog.Logger }

// handle adds the org claim to the ID and access tokens (the contract's claims: sub, org,
// roles; roles travel as cognito:groups, which Cognito puts in both tokens itself). A
// person without an organisation (a reviewer) gets no org claim; a malformed one is
// left out and logged rather than passed on, since the functions scope applicants by it.
func (h handler) handle(ctx context.Context, ev events.CognitoEventUserPoolsPreTokenGenV2_0) (events.CognitoEventUserPoolsPreTokenGenV2_0, error) {
	org := ev.Request.UserAttributes[orgAttribute]
	switch {
	case org == "":
		return ev, nil
	case len(org) > maxOrgLen || strings.TrimSpace(org) != org || strings.ContainsFunc(org, unicode.IsControl):
		h.log.WarnContext(ctx, "custom:org is malformed; no org claim issued", "user", ev.UserName)
		return ev, nil
	}
	claims := map[string]any{"org": org}
	out := &ev.Response.ClaimsAndScopeOverrideDetails
	out.IDTokenGeneration.ClaimsToAddOrOverride = claims
	out.AccessTokenGeneration.ClaimsToAddOrOverride = claims
	return ev, nil
}
