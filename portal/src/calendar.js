// Working days come from the API's calendars, never from the browser: the age of a step
// is the number of working days counted since its day 0 up to today in the country's zone
// (GET /v1/calendars/{country}/explain, cached per start date).
import { request } from './api.js';
import { today } from './i18n.js';

const cache = new Map();

export function explain(country, from, days) {
  const key = `${country}/${from}/${days}`;
  if (!cache.has(key)) {
    const p = request(`/v1/calendars/${country}/explain?from=${from}&days=${days}`, { auth: false });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key);
}

// ageInWorkingDays of a clock, or null when it cannot be told (a year not loaded).
export async function ageInWorkingDays(clock) {
  const country = clock.calendar || 'KZ';
  const from = clock.fromDate || (clock.startedAt || '').slice(0, 10);
  if (!from) return null;
  const end = clock.completedAt ? clock.completedAt.slice(0, 10) : today(country);
  try {
    const ex = await explain(country, from, 60);
    return ex.counted.filter((d) => d.working && d.date <= end).length;
  } catch {
    return null;
  }
}

// currentClock is the clock of the step the application is in (the last round's).
export function currentClock(app) {
  const cs = (app.clocks || []).filter((c) => c.step === app.status && c.kind !== 'term');
  return cs.length ? cs.reduce((a, b) => ((b.round || 0) >= (a.round || 0) ? b : a)) : null;
}
