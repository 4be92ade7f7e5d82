// Package calendar is the one working-day engine of the system: it answers
// "is this a working day in Kazakhstan / Latvia, and why", adds working and
// calendar days and months, and explains every date it computes.
//
// # Why the calendars are data
//
// Working days are not computable from a rule alone. Kazakhstan's first day of
// Kurban Ait follows the lunar calendar and is announced each year; the
// Ministry of Labour transfers days off by order (Labour Code art. 85 p. 3);
// Latvia's Cabinet transfers working days to Saturdays by order (Labour Law
// art. 133(4)); parliaments add one-off holidays (LV 29 May 2023) or move
// them (KZ Constitution Day: 30 August until 2025, 15 March from 2027). So
// each country-year is one embedded JSON file, data/<CC>-<YYYY>.json, listing
// the holidays, the decreed swaps and working weekend days, each entry with
// the legal act it comes from. Code only applies the rules; a new year or a
// correction is a data change plus a test (see ADDING_A_YEAR.md). Entries
// that could not be confirmed from a source say "unconfirmed:" in their
// source field.
//
// # The weekend-transfer rule
//
// A holiday marked moves_if_weekend that falls on a weekend day makes the next
// ordinary working day a day off ("при совпадении выходного и праздничного
// дней выходным днём является следующий после праздничного рабочий день",
// Law of RK No. 267 "On holidays", art. 5; Latvian Law on holidays art. 1 for
// 4 May and 18 November only). In Kazakhstan it applies to national and state
// holidays but not to the religious days off (7 January, Kurban Ait). Holidays
// are processed in date order, so two weekend holidays take two weekdays and a
// weekday that is itself a holiday is passed over: Nauryz 2026 (21-23 March,
// Sat-Mon) gives days off 21-25 March.
//
// # Counting
//
// AddWorkingDays follows the HTTP contract: the receipt day is day 0 and the
// due date is the N-th working day after it. An item is overdue from
// EndOfDay(due), the midnight after the due date in the country's time zone
// (Asia/Almaty, Europe/Riga; tzdata is embedded). AddMonths uses the
// civil-code month rule: the corresponding day of the target month, or its
// last day if there is no such day (31 January + 1 month = 28/29 February).
//
// # Fail closed
//
// A computation that touches a date outside the loaded years returns an error
// wrapping ErrYearNotLoaded (as *YearNotLoadedError with country and year)
// instead of guessing that the unknown year has no holidays. Callers check it
// with errors.Is and, per the contract, answer 422 or leave the step
// unscheduled.
package calendar
