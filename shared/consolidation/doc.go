// Package consolidation is the Latvian Cabinet protocol decision "On the consolidation of
// state ICT resources and competences" (seed 000) as the system keeps it: the decision
// with its adoption date D (blank in the draft, so every relative deadline waits for it),
// the organisations it names and their hierarchy (ministry → subordinate institutions),
// the deadlines it sets for each organisation and for the coordinator (VARAM), the
// investment freeze of §6.2 and who it reaches, the scope exemptions of §7, and the
// investment check an organisation asks before buying data-centre equipment.
//
// It is pure: the store (shared/dynamo) keeps the records and the clocks, the sweep fires
// the clocks, and this package says what they are and what they mean. Every rule cites
// the point of the decision it comes from ("000 §6.2") and, where the decision is silent,
// the question of the digest it answers ("digest Q6").
package consolidation
