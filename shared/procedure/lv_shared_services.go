package procedure

// LVSharedServices is the first case of 000 §6.1: a ministry that has centralised its
// sector's computing-infrastructure services and plans to develop computing-infrastructure
// shared services submits to VARAM, within two months of the decision's adoption, the
// planned development of the shared-service providers, with information on meeting the
// preconditions for providing the services set in section 5 of the informative report.
// Agreed before D + 3 months, the organisation escapes the §6.2 freeze; agreed later, its
// freeze is lifted (with its subordinate institutions); either way its action plan is due
// (§6.3). Not agreed is final: the decision gives no resubmission path (digest Q3); the
// organisation may apply again.
var LVSharedServices = Register(lvSixOne(sixOne{
	id:    "lv-shared-services",
	title: "Agreement with VARAM of the development of computing-infrastructure shared services",
	who:   "the ministry that has centralised its sector's computing-infrastructure services",
	plan:  "information on the planned development of computing-infrastructure shared-service providers",
	task:  "agree the development of shared services, or refuse with comments",
	evidence: DocRule{Kind: "precondition_evidence",
		Basis: "000 §6.1: information on meeting the preconditions for providing the services (informative report, section 5)"},
}))
