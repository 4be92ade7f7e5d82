package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Authenticator checks and issues the local development tokens. In AWS the HTTP API's
// JWT authorizer checks the identity provider's tokens; locally the tokens are HS256,
// signed with a development key, with the issuer and audience the template's authorizer
// resolved to.
type Authenticator struct {
	Key      []byte
	Issuer   string
	Audience []string // a token must carry one of them in aud (or client_id)
	// TTL of issued tokens; 0 means 12 h.
	TTL time.Duration
	Now func() time.Time // nil: time.Now
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Verified is what the authorizer hands to the function.
type Verified struct {
	Claims map[string]string
	Scopes []string
}

// Verify checks a bearer token like the HTTP API JWT authorizer: the signature with the
// development key (HS256 only, so alg none and other keys fail), exp required and in
// the future, nbf and iat not in the future, iss equal and aud (or client_id) among the
// accepted audiences.
func (a *Authenticator) Verify(header string) (*Verified, error) {
	raw := strings.TrimSpace(header)
	if raw == "" {
		return nil, errors.New("missing Authorization header")
	}
	if len(raw) > 7 && strings.EqualFold(raw[:7], "bearer ") {
		raw = strings.TrimSpace(raw[7:])
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return a.Key, nil },
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithJSONNumber(),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(a.Issuer),
		jwt.WithTimeFunc(a.now),
	)
	if err != nil {
		return nil, fmt.Errorf("invalid token: %w", err)
	}
	if !a.audienceOK(claims) {
		return nil, errors.New("invalid token: audience not accepted")
	}
	v := &Verified{Claims: map[string]string{}}
	for k, c := range claims {
		v.Claims[k] = ClaimString(c)
	}
	switch s := claims["scope"].(type) {
	case string:
		v.Scopes = strings.Fields(s)
	}
	if l, ok := claims["scp"].([]any); ok {
		for _, e := range l {
			v.Scopes = append(v.Scopes, ClaimString(e))
		}
	}
	return v, nil
}

func (a *Authenticator) audienceOK(c jwt.MapClaims) bool {
	var got []string
	switch x := c["aud"].(type) {
	case string:
		got = append(got, x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				got = append(got, s)
			}
		}
	}
	// Cognito access tokens carry client_id instead of aud; the AWS authorizer accepts it.
	if s, ok := c["client_id"].(string); ok && len(got) == 0 {
		got = append(got, s)
	}
	for _, g := range got {
		for _, w := range a.Audience {
			if g == w {
				return true
			}
		}
	}
	return false
}

// ClaimString renders a claim the way the HTTP API JWT authorizer hands it to a function:
// strings as they are, numbers and booleans as text, arrays as one bracketed
// space-separated string ("[applicant operator]"), objects as JSON.
func ClaimString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return fmt.Sprint(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = ClaimString(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case map[string]any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}

// TokenRequest is the body of POST /dev/token.
type TokenRequest struct {
	Sub   string   `json:"sub"`
	Org   string   `json:"org"`
	Roles []string `json:"roles"`
}

// ParseTokenRequest decodes and checks a token request: sub and org are non-empty
// strings, roles a list of non-empty strings.
func ParseTokenRequest(body []byte) (*TokenRequest, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, errors.New(`body must be a JSON object {"sub","org","roles":[...]}`)
	}
	var tr TokenRequest
	for field, dst := range map[string]any{"sub": &tr.Sub, "org": &tr.Org, "roles": &tr.Roles} {
		v, ok := raw[field]
		if !ok {
			return nil, fmt.Errorf("%s is required", field)
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return nil, fmt.Errorf("%s has the wrong type", field)
		}
	}
	if strings.TrimSpace(tr.Sub) == "" {
		return nil, errors.New("sub must not be empty")
	}
	if strings.TrimSpace(tr.Org) == "" {
		return nil, errors.New("org must not be empty")
	}
	if tr.Roles == nil {
		return nil, errors.New("roles must be a list")
	}
	for _, r := range tr.Roles {
		if strings.TrimSpace(r) == "" {
			return nil, errors.New("roles must not contain empty names")
		}
	}
	return &tr, nil
}

// Issue signs a development token for the request.
func (a *Authenticator) Issue(tr *TokenRequest) (string, error) {
	ttl := a.TTL
	if ttl == 0 {
		ttl = 12 * time.Hour
	}
	now := a.now()
	var aud any = a.Audience
	if len(a.Audience) == 1 {
		aud = a.Audience[0]
	}
	roles := make([]any, len(tr.Roles))
	for i, r := range tr.Roles {
		roles[i] = r
	}
	claims := jwt.MapClaims{
		"sub": tr.Sub, "org": tr.Org, "roles": roles,
		"iss": a.Issuer, "aud": aud,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
		"token_use": "id",
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(a.Key)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}
