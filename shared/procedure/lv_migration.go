package procedure

// LVMigration is the second case of 000 §6.1: a ministry that has centralised its
// sector's computing-infrastructure services and plans a gradual transition to other
// shared or commercial services submits to VARAM, within two months of adoption, the
// planned gradual change of specialisation and migration, with the information that
// justifies why a gradual transition is needed. Its outcomes act as lv-shared-services'.
var LVMigration = Register(lvSixOne(sixOne{
	id:    "lv-migration",
	title: "Agreement with VARAM of a gradual transition to other shared or commercial services",
	who:   "the ministry that plans a gradual change of specialisation and migration",
	plan:  "information on the planned gradual change of specialisation and migration",
	task:  "agree the gradual transition, or refuse with comments",
	evidence: DocRule{Kind: "transition_justification",
		Basis: "000 §6.1: information that justifies why a gradual transition is needed"},
}))
