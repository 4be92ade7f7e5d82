package notify

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ParameterAny is the parameter name (under the recipients path, in the org folder) that
// stands for "org:*", the catch-all for organisations without their own entry; a
// parameter name cannot hold "*".
const ParameterAny = "_any"

// RecipientsFromParameters reads the recipients configuration from parameter-store
// entries under path: <path>/org/<org id> and <path>/role/<role>, each a list of
// addresses separated by commas (an SSM StringList) or white space. One parameter per
// inbox keeps every value small, however many organisations there are. Every name and
// address is checked and every problem reported at once, as ParseRecipients does.
func RecipientsFromParameters(path string, params map[string]string) (Recipients, error) {
	prefix := strings.TrimSuffix(path, "/") + "/"
	out := Recipients{}
	var errs []error
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, prefix)
		kind, id, ok2 := strings.Cut(rest, "/")
		if !ok || !ok2 || strings.Contains(id, "/") {
			errs = append(errs, fmt.Errorf("parameter %s: want %sorg/<org id> or %srole/<role>", name, prefix, prefix))
			continue
		}
		if kind == "org" && id == ParameterAny {
			id = "*"
		}
		key := kind + ":" + id
		if err := checkKey(key); err != nil {
			errs = append(errs, fmt.Errorf("parameter %s: %w", name, err))
			continue
		}
		var clean []string
		for _, a := range strings.FieldsFunc(params[name], func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
			bare, err := parseAddress(a)
			if err != nil {
				errs = append(errs, fmt.Errorf("parameter %s: %w", name, err))
				continue
			}
			if !slices.Contains(clean, bare) {
				clean = append(clean, bare)
			}
		}
		slices.Sort(clean)
		out[key] = clean
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
