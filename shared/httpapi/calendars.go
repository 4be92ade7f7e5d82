package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

// Calendars serves working-day arithmetic on the national calendars (public).
type Calendars struct{}

// Routes returns the function's router.
func (c Calendars) Routes() http.Handler { return Serve(c.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Calendars function.
func (Calendars) RouteTable() []Route {
	return []Route{
		// The calendars change only with a deploy: an hour in caches is safe.
		{"GET /v1/calendars/{country}/add-working-days", Cacheable("public, max-age=3600", addWorkingDays)},
		{"GET /v1/calendars/{country}/explain", Cacheable("public, max-age=3600", explain)},
	}
}

// maxDays bounds a query; no legal term in the seeds exceeds a few months.
const maxDays = 3660

func calendarQuery(r *http.Request) (*calendar.Calendar, calendar.Date, int, error) {
	cal, err := calendar.For(r.PathValue("country"))
	if err != nil {
		return nil, calendar.Date{}, 0, fault.E(fault.NotFound, "no calendar for %q; known: KZ, LV", r.PathValue("country"))
	}
	var fs []fault.Field
	from, err := calendar.ParseDate(r.URL.Query().Get("from"))
	if err != nil {
		fs = append(fs, fault.Field{Field: "from", Reason: "must be a date YYYY-MM-DD"})
	}
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	if err != nil || days < 0 || days > maxDays {
		fs = append(fs, fault.Field{Field: "days", Reason: "must be a whole number from 0 to 3660"})
	}
	if len(fs) > 0 {
		return nil, calendar.Date{}, 0, fault.WithFields(fault.Invalid, "the query is not valid", fs...)
	}
	return cal, from, days, nil
}

func calendarError(err error) error {
	if errors.Is(err, calendar.ErrYearNotLoaded) {
		return fault.Wrap(fault.Unprocessable, err, err.Error())
	}
	return err
}

type dueResponse struct {
	From     calendar.Date `json:"from"`
	Days     int           `json:"days"`
	Due      calendar.Date `json:"due"`
	Calendar string        `json:"calendar"`
	TimeZone string        `json:"timeZone"`
	DueAt    time.Time     `json:"dueAt"` // the end of the due date: overdue from this instant
}

func addWorkingDays(w http.ResponseWriter, r *http.Request) {
	cal, from, days, err := calendarQuery(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	due, err := cal.AddWorkingDays(from, days)
	if err != nil {
		WriteError(w, r, calendarError(err))
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	WriteJSON(w, http.StatusOK, dueResponse{From: from, Days: days, Due: due, Calendar: cal.Country(),
		TimeZone: cal.Location().String(), DueAt: cal.EndOfDay(due)})
}

func explain(w http.ResponseWriter, r *http.Request) {
	cal, from, days, err := calendarQuery(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	e, err := cal.Explain(from, days)
	if err != nil {
		WriteError(w, r, calendarError(err))
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	WriteJSON(w, http.StatusOK, e)
}
