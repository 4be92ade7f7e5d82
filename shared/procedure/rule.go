package procedure

import (
	"time"
)

// Rule is a legal rule that is real logic (002 ¶7 grounds, 003 §13 class rule, 003 §17
// conditions): a plain Go function, named, with its basis, referenced from declarations
// and served with them. Rules are tested as plain Go (rules_test.go).
type Rule struct {
	Name  string // e.g. "002 ¶7 grounds for refusal"
	Basis string // e.g. "002 ¶7"
	Doc   string // what it checks, in a sentence, for the served declaration
	// Facts names the facts the rule records (e.g. "score", "grounds").
	Facts []string
	// NeedsObject asks the store for the object's registry facts before the rule runs.
	NeedsObject bool
	Check       func(*Env) Verdict
}

// Env is what a rule sees: the application (with the draft and the facts so far), the
// action's input, the object's registry facts (when the rule needs them) and now.
type Env struct {
	App    *Application
	Input  Values
	Object *ObjectFacts
	Now    time.Time
}

// Verdict is what a rule finds: the violations that refuse the action (422, each with
// its basis) and facts recorded with the result or on the application.
type Verdict struct {
	Violations []Violation
	Facts      map[string]any
}

// Violation is one unmet rule, named by the field it concerns.
type Violation struct {
	Field  string
	Reason string
	Basis  string
}

// ObjectFacts is what the engine and its rules know of an object from the registry.
type ObjectFacts struct {
	ID       string
	Name     string
	Type     string
	Org      string
	Supplier string
	Stage    string
	Funding  string
	Listed   bool
	// Warranty is the object's warranty period (003 §16 9)), when it has one.
	WarrantyFrom, WarrantyUntil string
}
