package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/s3store"
)

type documentBody struct {
	Kind        string `json:"kind"`
	FileName    string `json:"fileName"`
	ContentType string `json:"contentType"`
	Size        *int64 `json:"size"`
	SHA256      string `json:"sha256"`
}

type slotResponse struct {
	ID        string           `json:"id"`
	Status    string           `json:"status"`
	Upload    s3store.Slot     `json:"upload"`
	ExpiresAt time.Time        `json:"expiresAt"`
	Document  *document.Record `json:"document"`
}

// CheckDocument applies the contract's rules for a slot request against the kinds the
// owner takes; every problem is listed.
func CheckDocument(kinds []string, in documentBody) error {
	if err := document.ValidateFileName(in.FileName); err != nil {
		var fe *document.FieldError
		reason := err.Error()
		if errors.As(err, &fe) {
			reason = fe.Reason
		}
		return fault.WithFields(fault.Invalid, "the file name is not a plain file name",
			fault.Field{Field: "fileName", Reason: reason})
	}
	var fs []fault.Field
	if !slices.Contains(kinds, in.Kind) {
		fs = append(fs, fault.Field{Field: "kind", Reason: "must be one of " + strings.Join(kinds, ", ")})
	}
	if _, err := document.FormatFor(in.ContentType, in.FileName); err != nil {
		var fe *document.FieldError
		f := fault.Field{Field: "contentType", Reason: err.Error()}
		if errors.As(err, &fe) {
			f = fault.Field{Field: fe.Field, Reason: fe.Reason}
		}
		fs = append(fs, f)
	}
	switch {
	case in.Size == nil:
		fs = append(fs, fault.Field{Field: "size", Reason: "required"})
	case *in.Size <= 0:
		fs = append(fs, fault.Field{Field: "size", Reason: "an empty file is not accepted"})
	case *in.Size > document.MaxSize:
		fs = append(fs, fault.Field{Field: "size", Reason: fmt.Sprintf("at most %d bytes (50 MiB)", document.MaxSize)})
	}
	if _, err := document.ParseSHA256Hex(in.SHA256); err != nil {
		fs = append(fs, fault.Field{Field: "sha256", Reason: "must be 64 hexadecimal characters"})
	}
	if len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the document cannot be accepted", fs...)
	}
	return nil
}

func (h *Applications) createDocument(w http.ResponseWriter, r *http.Request) {
	var in documentBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		a, err := h.load(ctx, r, c)
		if err != nil {
			return Response{}, nil, err
		}
		p, ok := procedure.Lookup(a.Procedure)
		if !ok {
			return Response{}, nil, fmt.Errorf("application %s: unknown procedure %s", a.ID, a.Procedure)
		}
		if !c.Member(p.Opening.Role, a.Org) {
			return Response{}, nil, fault.E(fault.Forbidden, "only the owner organisation may add documents")
		}
		states := p.UploadStatuses()
		if !slices.Contains(states, a.Status) {
			return Response{}, nil, fault.E(fault.Conflict, "the application is %s; documents are added while %s", a.Status, joinStatuses(states))
		}
		objType := ""
		if a.Object != nil {
			objType = a.Object.Type
		}
		if err := CheckDocument(p.DocumentKinds(objType), in); err != nil {
			return Response{}, nil, err
		}
		docID := id.New(now)
		owner := document.Owner{Kind: document.OfApplication, ID: a.ID}
		d := &document.Record{ID: docID, ApplicationID: a.ID, Org: a.Org, Kind: in.Kind, FileName: in.FileName,
			ContentType: in.ContentType, Size: *in.Size, SHA256: strings.ToLower(in.SHA256), Status: document.Pending,
			Reasons: []string{}, Key: owner.Key(docID), CreatedAt: now}
		slot, err := h.Docs.UploadSlot(ctx, d.Key, d.ContentType, d.SHA256, now)
		if err != nil {
			return Response{}, nil, err
		}
		resp := Response{Status: http.StatusCreated, Location: "/v1/applications/" + a.ID + "/documents/" + docID,
			Body: slotResponse{ID: docID, Status: d.Status, Upload: *slot, ExpiresAt: slot.ExpiresAt, Document: d}}
		b, err := Fill(idem, resp)
		if err != nil {
			return Response{}, nil, err
		}
		ss := make([]string, len(states))
		for i, s := range states {
			ss[i] = string(s)
		}
		if err := h.Store.CreateDocument(ctx, d, ss, "status", c.Actor(p.Opening.Role), idem); err != nil {
			if errors.Is(err, dynamo.ErrRace) {
				return Response{}, nil, fault.E(fault.Conflict, "the application left %s meanwhile", joinStatuses(states))
			}
			return Response{}, nil, err
		}
		return resp, b, nil
	})
}

func joinStatuses(ss []procedure.Status) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, " or ")
}

// document reads a document of an application the caller may see.
func (h *Applications) document(r *http.Request, c actor.Caller) (*document.Record, error) {
	appID, err := validID(r, "id")
	if err != nil {
		return nil, err
	}
	docID, err := validID(r, "docId")
	if err != nil {
		return nil, err
	}
	d, err := h.Store.GetDocument(r.Context(), document.Owner{Kind: document.OfApplication, ID: appID}, docID)
	if err != nil {
		return nil, err
	}
	// The document carries its owner organisation, so one read decides: the unscoped
	// roles and the owner organisation's people see it; nobody else learns it exists.
	if !c.Reviewer() && (c.Org == "" || c.Org != d.Org) {
		return nil, fault.E(fault.NotFound, "no such document")
	}
	return d, nil
}

func (h *Applications) getDocument(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c actor.Caller) (*document.Record, error) { return h.document(r, c) })
}

// documentContent redirects to a short-lived link to the validated version only: a
// rejected or unvalidated file is never served.
func (h *Applications) documentContent(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	d, err := h.document(r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	serveContent(w, r, h.Docs, d)
}

// serveContent redirects to a short-lived link to a valid document's validated version.
func serveContent(w http.ResponseWriter, r *http.Request, docs DocumentBucket, d *document.Record) {
	if d.Status != document.Valid {
		WriteError(w, r, fault.E(fault.Conflict, "the document is %s; only a valid document is served", d.Status))
		return
	}
	link, err := docs.DownloadLink(r.Context(), d.Key, d.VersionID, d.FileName, d.ContentType)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, link, http.StatusFound)
}
