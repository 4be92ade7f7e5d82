package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// InboxEntry is one notification in an inbox, as GET /v1/notifications returns it
// (contract, "Notifications"); step, dueDate, basis and procedure are this project's
// additions.
type InboxEntry struct {
	ID            string      `json:"id"`
	At            time.Time   `json:"at"`
	Type          string      `json:"type"`
	ApplicationID string      `json:"applicationId,omitempty"`
	Ref           *notify.Ref `json:"ref,omitempty"`
	Procedure     string      `json:"procedure,omitempty"`
	Step          string      `json:"step,omitempty"`
	DueDate       string      `json:"dueDate,omitempty"`
	Basis         string      `json:"basis,omitempty"`
	Subject       string      `json:"subject"`
	Body          string      `json:"body"`
	Read          bool        `json:"read"`
}

// Inbox list bounds (contract: default 50, max 200), applied here too so that no caller can
// make one request read without limit.
const (
	InboxDefaultLimit = 50
	InboxMaxLimit     = 200
)

func inboxSK(at time.Time, noticeID string) string { return "N#" + stamp(at) + "#" + noticeID }

// DeliverInbox writes the notice into the inbox of each of its recipients, one item per
// recipient key. The key is deterministic (the notice's time and id) and the put is
// conditional, so a stream record delivered twice writes nothing new and never resets an
// entry's read flag. Every recipient is attempted; the errors of those that failed are
// returned together, and a retry rewrites only what is missing.
func (st *Store) DeliverInbox(ctx context.Context, n notify.Notice) error {
	if n.ID == "" || n.At.IsZero() {
		return fmt.Errorf("deliver notice %q: id and time are required", n.ID)
	}
	e := InboxEntry{ID: n.ID, At: n.At.UTC(), Type: n.Type, ApplicationID: n.ApplicationID, Ref: n.Ref, Procedure: n.Procedure,
		Step: n.Step, DueDate: n.DueDate, Basis: n.Basis, Subject: n.Subject, Body: n.Body}
	base, err := marshal(e)
	if err != nil {
		return err
	}
	// A pointer from the notice's id to its time and recipients, so that marking it read
	// (which needs the inbox entry's key) is one read; repeated deliveries write it once.
	ptr, err := marshal(struct {
		At time.Time          `json:"at"`
		To []notify.Recipient `json:"to"`
	}{n.At.UTC(), n.To})
	if err != nil {
		return err
	}
	ptr["PK"], ptr["SK"], ptr["Type"] = s(noticePK(n.ID)), s("N"), s("notice")
	ptr["ExpiresAt"] = n64(n.At.Add(mailRetention).Unix())
	var errs []error
	_, err = st.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &st.tables.Registry, Item: ptr,
		ConditionExpression: aws.String("attribute_not_exists(PK)")})
	if err = classify("write notice pointer "+n.ID, err); err != nil && !errors.Is(err, ErrRace) {
		errs = append(errs, err)
	}
	for _, key := range recipientKeys(n.To) {
		m := make(item, len(base)+3)
		for k, v := range base {
			m[k] = v
		}
		m["PK"], m["SK"], m["Type"] = s(inboxPK(key)), s(inboxSK(n.At, n.ID)), s("inbox")
		_, err := st.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &st.tables.Registry, Item: m,
			ConditionExpression: aws.String("attribute_not_exists(PK)")})
		if err = classify("write inbox entry "+key, err); err != nil && !errors.Is(err, ErrRace) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("deliver notice %s: %w", n.ID, errors.Join(errs...))
	}
	return nil
}

// recipientKeys returns each recipient's inbox key once, skipping empty recipients.
func recipientKeys(to []notify.Recipient) []string {
	var keys []string
	for _, r := range to {
		if r.Org == "" && r.Role == "" {
			continue
		}
		if k := r.Key(); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// ListInbox returns the notifications in the given inboxes, newest first, at most limit
// (0 means InboxDefaultLimit; capped at InboxMaxLimit), and the cursor of the next page ("" on
// the last). keys are the caller's inbox keys, made by the server from the caller's identity:
// "org:<their org>" and "role:<r>" for each role they hold. A notice addressed to several of
// them is listed once.
//
// The cursor is the position of the last entry returned in the merged order (its sort key),
// not a key of any inbox: every page queries each of the caller's own inboxes for entries
// older than that position, so a forged cursor can move within the caller's inboxes but can
// never name another. Because all inboxes sort by the same (time, notice id) order, one
// position is exact for all of them.
func (st *Store) ListInbox(ctx context.Context, keys []string, limit int, cursor string) ([]InboxEntry, string, error) {
	if limit <= 0 {
		limit = InboxDefaultLimit
	}
	limit = min(limit, InboxMaxLimit)
	before, err := parseInboxCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var uniq []string
	for _, k := range keys {
		if k != "" && !slices.Contains(uniq, k) {
			uniq = append(uniq, k)
		}
	}
	// One more than a page from each inbox tells whether a next page exists.
	want := limit + 1
	var all []item
	for _, k := range uniq {
		got, err := st.queryInbox(ctx, k, before, want)
		if err != nil {
			return nil, "", err
		}
		all = append(all, got...)
	}
	slices.SortFunc(all, func(a, b item) int { return strings.Compare(str(b, "SK"), str(a, "SK")) })
	// The same notice in two of the caller's inboxes has the same sort key: keep the first.
	all = slices.CompactFunc(all, func(a, b item) bool { return str(a, "SK") == str(b, "SK") })
	next := ""
	if len(all) > limit {
		all = all[:limit]
		next = makeInboxCursor(str(all[limit-1], "SK"))
	}
	out := make([]InboxEntry, 0, len(all))
	for _, m := range all {
		var e InboxEntry
		if err := unmarshal(m, &e); err != nil {
			return nil, "", fmt.Errorf("inbox entry %s: %w", str(m, "SK"), err)
		}
		out = append(out, e)
	}
	return out, next, nil
}

// queryInbox reads up to want entries of one inbox older than before ("" = newest), following
// DynamoDB's pages when a 1 MB page stops short.
func (st *Store) queryInbox(ctx context.Context, key, before string, want int) ([]item, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, ScanIndexForward: aws.Bool(false)}
	if before == "" {
		in.KeyConditionExpression = aws.String("PK = :pk AND begins_with(SK, :n)")
		in.ExpressionAttributeValues = item{":pk": s(inboxPK(key)), ":n": s("N#")}
	} else {
		in.KeyConditionExpression = aws.String("PK = :pk AND SK BETWEEN :n AND :before")
		in.ExpressionAttributeValues = item{":pk": s(inboxPK(key)), ":n": s("N#"), ":before": s(before)}
	}
	var out []item
	for {
		in.Limit = aws.Int32(int32(want - len(out) + 1))
		res, err := st.db.Query(ctx, in)
		if err != nil {
			return nil, classify("read inbox "+key, err)
		}
		for _, m := range res.Items {
			// BETWEEN is inclusive; the cursor's own entry was on the previous page.
			if str(m, "SK") != before {
				out = append(out, m)
			}
		}
		if len(out) >= want || len(res.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
	if len(out) > want {
		out = out[:want]
	}
	return out, nil
}

type inboxCursor struct {
	Before string `json:"b"`
}

func makeInboxCursor(sk string) string {
	b, _ := json.Marshal(inboxCursor{Before: sk}) // a struct of one string always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseInboxCursor accepts only what makeInboxCursor makes: one inbox sort key of the form
// N#<stamp>#<notice id>.
func parseInboxCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	bad := fault.WithFields(fault.Invalid, "the cursor is not valid", fault.Field{Field: "cursor", Reason: "not a cursor this list issued"})
	if len(c) > maxCursorLen {
		return "", bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", bad
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	var cur inboxCursor
	if err := dec.Decode(&cur); err != nil || dec.More() {
		return "", bad
	}
	sk := cur.Before
	const stampLen = len("2006-01-02T15:04:05.000000000Z")
	if len(sk) > 1024 || len(sk) < 2+stampLen+2 || !strings.HasPrefix(sk, "N#") || sk[2+stampLen] != '#' ||
		strings.ContainsFunc(sk, unicode.IsControl) {
		return "", bad
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000000000Z", sk[2:2+stampLen]); err != nil {
		return "", bad
	}
	return sk, nil
}

// Mail states of a notice's e-mail, kept on an item of its own (MAIL#<noticeId>): a Notify
// invocation claims it ("sending", with a lease; the claim creates the item), then marks it
// "sent", or "failed" when the mail can never go, or releases it back to "pending" so that
// the stream's retry tries again.
const (
	MailPending = "pending"
	MailSending = "sending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// ErrMailLeased is returned by ClaimMail while another invocation holds a live claim: the
// mail may be on its way, so the caller must neither send nor forget it, but retry later.
var ErrMailLeased = errors.New("the notice's e-mail is being sent by another invocation")

func mailKey(noticeID string) item { return item{"PK": s(mailPK(noticeID)), "SK": s("N")} }

// mailRetention is how long a mail state is kept after its claim, for audit.
const mailRetention = 90 * 24 * time.Hour

// ClaimMail takes the right to send a notice's e-mail: pending → sending, or sending with an
// expired lease → sending again (the previous sender died mid-way). It returns true when the
// caller now holds the claim until now+lease; false with a nil error when the e-mail was
// already sent (or failed for good): nothing to do; ErrMailLeased while another claim is
// live; a NotFound fault when there is no such outbox item.
//
// The lease must outlast the claimant's invocation, so a claim is only ever taken over from a
// sender that can no longer finish.
func (st *Store) ClaimMail(ctx context.Context, noticeID string, now time.Time, lease time.Duration) (bool, error) {
	_, err := st.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &st.tables.Registry, Key: mailKey(noticeID),
		UpdateExpression:         aws.String("SET MailState = :sending, LeaseUntil = :until, #type = :mail, ExpiresAt = if_not_exists(ExpiresAt, :exp) ADD MailAttempts :one"),
		ConditionExpression:      aws.String("attribute_not_exists(PK) OR MailState = :pending OR (MailState = :sending AND LeaseUntil < :now)"),
		ExpressionAttributeNames: map[string]string{"#type": "Type"},
		ExpressionAttributeValues: item{":sending": s(MailSending), ":pending": s(MailPending), ":mail": s("mail"),
			":until": s(stamp(now.Add(lease))), ":now": s(stamp(now)), ":one": n(1), ":exp": n64(now.Add(mailRetention).Unix())},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if err == nil {
		return true, nil
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		return false, classify("claim mail of "+noticeID, err)
	}
	switch state := str(ccf.Item, "MailState"); {
	case state == MailSending:
		return false, fmt.Errorf("claim mail of %s: %w (lease until %s)", noticeID, ErrMailLeased, str(ccf.Item, "LeaseUntil"))
	default:
		return false, nil
	}
}

// MarkMailed records that the claimed e-mail went out: sending → sent, with SentAt.
// ErrRace means the claim was lost meanwhile (its lease expired and another took it).
func (st *Store) MarkMailed(ctx context.Context, noticeID string, now time.Time) error {
	return st.settleMail(ctx, noticeID, "SET MailState = :to, SentAt = :now REMOVE LeaseUntil",
		item{":to": s(MailSent), ":now": ts(now)}, "mark mail sent")
}

// ReleaseMail gives a claim back after a failed send (sending → pending), so that the
// stream's retry of the record can claim and try again at once instead of waiting out the
// lease.
func (st *Store) ReleaseMail(ctx context.Context, noticeID string) error {
	return st.settleMail(ctx, noticeID, "SET MailState = :to REMOVE LeaseUntil",
		item{":to": s(MailPending)}, "release mail")
}

// FailMail records that the claimed e-mail can never be sent (sending → failed), with a
// short reason for operators; the inbox entries were written regardless. The reason must
// not carry addresses.
func (st *Store) FailMail(ctx context.Context, noticeID string, now time.Time, reason string) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return st.settleMail(ctx, noticeID, "SET MailState = :to, FailedAt = :now, MailError = :why REMOVE LeaseUntil",
		item{":to": s(MailFailed), ":now": ts(now), ":why": s(reason)}, "mark mail failed")
}

func (st *Store) settleMail(ctx context.Context, noticeID, update string, vals item, op string) error {
	vals[":sending"] = s(MailSending)
	_, err := st.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &st.tables.Registry, Key: mailKey(noticeID),
		UpdateExpression: aws.String(update), ConditionExpression: aws.String("MailState = :sending"),
		ExpressionAttributeValues: vals})
	return classify(op+" of "+noticeID, err)
}

// NoticesFromImage decodes the notices an event item carries from a stream record's
// NewImage: the trail entry of a change is its outbox.
func NoticesFromImage(img map[string]events.DynamoDBAttributeValue) ([]notify.Notice, error) {
	m := make(item, len(img))
	for k, v := range img {
		av, err := streamAV(v)
		if err != nil {
			return nil, fmt.Errorf("event image: attribute %s: %w", k, err)
		}
		m[k] = av
	}
	pk, sk := str(m, "PK"), str(m, "SK")
	if !strings.HasPrefix(sk, skEvtFirst) {
		return nil, fmt.Errorf("event image %s %s: not a trail entry", pk, sk)
	}
	ns, err := noticesOf(m)
	if err != nil {
		return nil, fmt.Errorf("event image %s %s: %w", pk, sk, err)
	}
	for _, nt := range ns {
		if nt.ID == "" || nt.At.IsZero() {
			return nil, fmt.Errorf("event image %s %s: a notice without id or time", pk, sk)
		}
	}
	return ns, nil
}

// streamAV converts the Lambda event's attribute value into the SDK's, so that one
// decoder (the json-tag unmarshaller) serves table reads and stream images alike.
func streamAV(v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	switch v.DataType() {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: v.Number()}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: v.Binary()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: v.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: v.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: v.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: v.BinarySet()}, nil
	case events.DataTypeList:
		l := v.List()
		out := make([]types.AttributeValue, 0, len(l))
		for i, e := range l {
			av, err := streamAV(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out = append(out, av)
		}
		return &types.AttributeValueMemberL{Value: out}, nil
	case events.DataTypeMap:
		mm := v.Map()
		out := make(map[string]types.AttributeValue, len(mm))
		for k, e := range mm {
			av, err := streamAV(e)
			if err != nil {
				return nil, fmt.Errorf(".%s: %w", k, err)
			}
			out[k] = av
		}
		return &types.AttributeValueMemberM{Value: out}, nil
	}
	return nil, fmt.Errorf("unsupported attribute type %d", v.DataType())
}
