// Package dynamo is the DynamoDB adapter: the single registry table (PK/SK with typed
// prefixes, three overloaded GSIs and a sparse due-clock index) and the idempotency table.
//
// Item layout (table RegistryTable):
//
//	PK                    SK                         what
//	APP#<id>              #META                      application (GSI1 ORG#org, GSI2 STATUS#s, GSI3 APP#ALL)
//	APP#<id>              CLK#<step>                 step clock (Due index while a firing is pending;
//	                                                 GSI1 OVERDUE while overdue and not completed)
//	APP#<id>              DOC#<docId>                technical document and its verdict
//	APP#<id>              EVT#<at>#<seq>             audit event (append-only)
//	OBJ#<id>              #META                      informatization object and its stage
//	LIST#operator         L#<listedAt>#<objId>       the operator's list, ordered by listedAt
//	OUTBOX#<noticeId>     N                          notification to deliver (stream → Notify)
//	INBOX#<org:x|role:y>  N#<at>#<noticeId>          a recipient's inbox entry
//	SWEEP#deadline        #META                      the sweep's watermark
//
// The META, CLK and DOC items of an application sort before its EVT items, so one Query
// with SK < "EVT#" loads an application whole without its trail (one read per GET).
package dynamo
