package consolidation

import (
	"fmt"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/notify"
)

// The notices of a decision name it (contract part two: "ref":{"kind":"decision"}) or,
// for the freeze, the organisation it hits ("ref":{"kind":"org"}). Their ids start with
// the decision's id, so they are deterministic (a retried write names the same notice)
// and the inbox can mark them read.

func orgs(ids []string) []notify.Recipient {
	out := make([]notify.Recipient, 0, len(ids)+1)
	for _, o := range ids {
		out = append(out, notify.Recipient{Org: o})
	}
	return out
}

func dmy(iso string) string {
	if d, err := calendar.ParseDate(iso); err == nil {
		return d.DayMonthYear()
	}
	return iso
}

// CreatedNotice tells the organisations a decision names that it binds them; their
// deadlines wait for D when the decision has none (digest Q1).
func CreatedNotice(d *Decision, now time.Time) notify.Notice {
	body := fmt.Sprintf("%s names your organisation (000 §6).", d.Label())
	if d.AdoptedOn == "" {
		body += " Its adoption date is not set yet: the deadlines of §6.1–§6.3 start when it is."
	}
	return notify.Notice{ID: d.ID + ".created", Type: notify.StatusChanged, At: now, Ref: &notify.Ref{Kind: OwnerDecision, ID: d.ID},
		Basis: "000 §6", Calendar: Country, To: append(orgs(d.Orgs), notify.Recipient{Role: actor.Coordinator}),
		Subject: fmt.Sprintf("[000] %s", d.Title), Body: body}
}

// AdoptedNotice tells the named organisations and the coordinator that D is set and when
// each deadline falls (000 §6.1–§6.3, §3).
func AdoptedNotice(d *Decision, now time.Time) notify.Notice {
	var b strings.Builder
	fmt.Fprintf(&b, "%s was adopted on %s. Deadlines (calendar months on the Latvian calendar, Europe/Riga):\n", d.Label(), dmy(d.AdoptedOn))
	fmt.Fprintf(&b, "- by the end of %s: submit to VARAM for agreement (000 §6.1);\n", dmy(dueOf(d, 2)))
	fmt.Fprintf(&b, "- from the end of %s: investments in data-centre equipment stop for organisations without VARAM's agreement, and their subordinate institutions (000 §6.2);\n", dmy(dueOf(d, 3)))
	if d.ActionPlanFrom == FromAgreement {
		b.WriteString("- within six months of VARAM's agreement: agree the action plan (000 §6.3).")
	} else {
		fmt.Fprintf(&b, "- by the end of %s: agree the action plan with VARAM (000 §6.3).", dmy(dueOf(d, 6)))
	}
	return notify.Notice{ID: d.ID + ".adopted", Type: notify.StepStarted, At: now, Ref: &notify.Ref{Kind: OwnerDecision, ID: d.ID},
		Step: Submission, DueDate: dueOf(d, 2), Basis: "000 §6.1–§6.3", Calendar: Country,
		To:      append(orgs(d.Orgs), notify.Recipient{Role: actor.Coordinator}),
		Subject: fmt.Sprintf("[000] %s: adopted %s, submit by %s", d.Title, dmy(d.AdoptedOn), dmy(dueOf(d, 2))), Body: b.String()}
}

// FreezeNotice is what the §6.2 gate tells when it fires on an organisation: the
// organisation, its subordinate institutions and the coordinator.
func FreezeNotice(id, decision, org string, since time.Time, dueDate string, subordinates []string, now time.Time) notify.Notice {
	to := append([]notify.Recipient{{Org: org}}, orgs(subordinates)...)
	to = append(to, notify.Recipient{Role: actor.Coordinator})
	body := fmt.Sprintf("Decision %s: %s had no agreement from VARAM by the end of %s, so from that moment (%s) "+
		"it and its subordinate institutions stop investing in data-centre equipment — servers, data storage and other "+
		"data-centre equipment — except extraordinary investments agreed with VARAM (exception cases, urgent emergencies) (000 §6.2).",
		decision, org, dmy(dueDate), SinceWords(since))
	return notify.Notice{ID: id, Type: notify.Freeze, At: now, Ref: &notify.Ref{Kind: "org", ID: org}, Step: FreezeGate,
		DueDate: dueDate, Basis: FreezeBasis, Calendar: Country, To: to,
		Subject: fmt.Sprintf("[000] %s: investīciju iesaldēšana / investment freeze from %s", org, dmy(dueDate)), Body: body}
}

// LiftNotice tells that an organisation's freeze ended: VARAM's agreement arrived after
// the gate, or the organisation was exempted (000 §7). Its subordinates leave it with it.
func LiftNotice(id, decision, org, why string, subordinates []string, now time.Time) notify.Notice {
	to := append([]notify.Recipient{{Org: org}}, orgs(subordinates)...)
	to = append(to, notify.Recipient{Role: actor.Coordinator})
	return notify.Notice{ID: id, Type: notify.Freeze, At: now, Ref: &notify.Ref{Kind: "org", ID: org}, Step: FreezeGate,
		Basis: FreezeBasis, Calendar: Country, To: to,
		Subject: fmt.Sprintf("[000] %s: investment freeze lifted", org),
		Body:    fmt.Sprintf("Decision %s: the investment freeze of %s and its subordinate institutions ended at %s: %s.", decision, org, now.UTC().Format(time.RFC3339), why)}
}

// ExemptionNotice tells an organisation that it is out of the decision's §6 obligations.
func ExemptionNotice(d *Decision, org string, e Exemption, now time.Time) notify.Notice {
	return notify.Notice{ID: d.ID + ".exempt:" + org, Type: notify.StatusChanged, At: now, Ref: &notify.Ref{Kind: OwnerDecision, ID: d.ID},
		Basis: e.Basis, Calendar: Country, To: []notify.Recipient{{Org: org}, {Role: actor.Coordinator}},
		Subject: fmt.Sprintf("[000] %s: %s exempt under %s", d.Title, org, e.Basis),
		Body:    fmt.Sprintf("%s: %s is out of the obligations of §6 under %s: %s", d.Label(), org, e.Basis, e.Justification)}
}

// InheritedFreezeNotice tells an organisation recorded under a frozen one that the freeze
// reaches it (000 §6.2: subordinate institutions).
func InheritedFreezeNotice(id, org string, f *Freeze, now time.Time) notify.Notice {
	return notify.Notice{ID: id, Type: notify.Freeze, At: now, Ref: &notify.Ref{Kind: "org", ID: org}, Step: FreezeGate,
		Basis: FreezeBasis, Calendar: Country, To: []notify.Recipient{{Org: org}},
		Subject: fmt.Sprintf("[000] %s: investment freeze (subordinate of %s)", org, f.Via),
		Body: fmt.Sprintf("%s is recorded as a subordinate institution of %s, which is under the investment freeze of decision %s since %s: "+
			"investments in data-centre equipment stop unless VARAM agrees an extraordinary investment (000 §6.2).",
			org, f.Via, f.DecisionID, SinceWords(f.Since))}
}

// Exemption grounds (000 §7).
var ExemptionGrounds = map[string]string{
	"7.1": "000 §7.1", // ICT solutions under international legal acts or agreements that shared services cannot meet
	"7.2": "000 §7.2", // ICT support of the diplomatic and consular service
}
