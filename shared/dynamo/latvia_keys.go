package dynamo

import "strconv"

// The Latvian records (seed 000 and 001) have partitions of their own. Everything but the
// trail sorts before "EVT#" ('#' < 'C' < 'E'), so a decision or a plan is read whole, its
// clocks included, in one query of its partition with SK < "EVT#".
//
//	PK            SK                 what
//	ORG#<org>     #META              organisation: name, parent, path; freeze flag (sweep),
//	                                 agreements, exemptions, plans, investments by decision
//	                                 (GSI1 ORGS#<parent>|ORGS#_top → the children of an org)
//	ORG#<org>     EVT#…              its trail
//	DEC#<id>      #META              decision (GSI1 DEC#STARTING while its clocks are written;
//	                                 GSI3 DEC#ALL → every decision, newest first)
//	DEC#<id>      #ORG#<org>         what the decision holds about an organisation it names
//	DEC#<id>      CLK#<rule>[:org]#… the coordinator's tasks and each organisation's deadlines
//	DEC#<id>      EVT#…              its trail (created, adopted, firings, exemptions)
//	PLAN#<id>     #META              action plan (GSI3 PLAN#ALL → every plan, newest first)
//	PLAN#<id>     #MEAS#<measure>    a measure as the plan lists it (kept with every change)
//	PLAN#<id>     #REP#<year>        an annual report: its S3 key, version and digest
//	PLAN#<id>     CLK#report_<year>… the annual report clocks
//	MEAS#<id>     #META              measure (authoritative), RISK#, OPN#, CLK#end, EVT#
func decPK(id string) string              { return "DEC#" + id }
func orgPK(id string) string              { return "ORG#" + id }
func planPK(id string) string             { return "PLAN#" + id }
func measPK(id string) string             { return "MEAS#" + id }
func memberSK(org string) string          { return "#ORG#" + org }
func planMeasureSK(measure string) string { return "#MEAS#" + measure }
func reportSK(year int) string            { return "#REP#" + strconv.Itoa(year) }
func childrenPK(parent string) string {
	if parent == "" {
		return "ORGS#_top"
	}
	return "ORGS#" + parent
}

const decisionsStarting = "DEC#STARTING"
