package calendar

import (
	"errors"
	"fmt"
)

// The error vocabulary of the package. Callers test with errors.Is; the
// concrete errors carry the context (country, year, input) in their message.
var (
	// ErrYearNotLoaded is returned (wrapped in *YearNotLoadedError) when a
	// computation touches a calendar year for which no data file is shipped.
	// The engine fails closed: it never guesses that an unknown year has no
	// holidays.
	ErrYearNotLoaded = errors.New("calendar year not loaded")
	// ErrUnknownCountry is returned by For for a country without calendars.
	ErrUnknownCountry = errors.New("unknown calendar country")
	// ErrInvalidDate is returned by ParseDate for anything but a real YYYY-MM-DD date.
	ErrInvalidDate = errors.New("invalid date")
	// ErrNegativeDays is returned when a day count is negative where only
	// forward (or explicitly backward) counting makes sense.
	ErrNegativeDays = errors.New("negative day count")
	// ErrBadData is returned when an embedded data file is malformed; it means
	// a broken build, and For reports it instead of panicking.
	ErrBadData = errors.New("invalid calendar data")
)

// YearNotLoadedError says which country and year are missing and which years
// are loaded, so an HTTP layer can answer 422 with a useful message.
type YearNotLoadedError struct {
	Country     string
	Year        int
	First, Last int
}

func (e *YearNotLoadedError) Error() string {
	return fmt.Sprintf("%s %d: %v (loaded years %d-%d)", e.Country, e.Year, ErrYearNotLoaded, e.First, e.Last)
}

// Unwrap lets errors.Is(err, ErrYearNotLoaded) match.
func (e *YearNotLoadedError) Unwrap() error { return ErrYearNotLoaded }
