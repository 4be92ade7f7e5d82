// The parts every screen is made of: loading what it shows, its heading, badges and notices.
import { useEffect, useState, useCallback, useRef } from 'preact/hooks';
import { t, label } from './i18n.js';
import { request } from './api.js';
import { inWordsAll, ErrorMessage } from './errors.jsx';

// useLoad runs load() now and whenever deps change; reload() runs it again.
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => n === seq.current && setState({ loading: false, data, error: null }),
      (error) => n === seq.current && setState({ loading: false, data: null, error }),
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run, setData: (data) => setState((s) => ({ ...s, data })) };
}

// usePaged loads a list (GET url: {items, nextCursor}) and its further pages on request;
// opts go with each request (auth: false for open data).
export function usePaged(url, opts) {
  const [more, setMore] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [moreErr, setMoreErr] = useState(null);
  const first = useLoad(async () => {
    const page = await request(url, opts);
    setMore([]);
    setCursor(page.nextCursor || null);
    return page.items;
  }, [url]);
  const loadMore = async () => {
    setMoreErr(null);
    try {
      const page = await request(`${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`, opts);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor || null);
    } catch (x) {
      setMoreErr(x);
    }
  };
  return { ...first, items: first.data ? [...first.data, ...more] : [], cursor, loadMore, moreErr };
}

// useSubmit runs one request of a form: busy while it runs, its error (and its field errors
// in words) kept for the form.
export function useSubmit(run) {
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const go = async (e) => {
    if (e) e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await run();
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return { err, busy, go, fe: inWordsAll(err && err.fieldErrors) };
}

export const Loading = () => (
  <p class="loading" role="status">
    {t('loading')}
  </p>
);

export function StatusBadge({ status }) {
  return <span class={`badge status-${status}`}>{label('status', status)}</span>;
}

export function OverdueBadge() {
  return <span class="badge overdue">{t('overdueFlag')}</span>;
}

// Heading of a screen: focused on arrival so screen readers announce the new page.
export function Title({ children }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) ref.current.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

// NotLoaded is a page whose data (a useLoad) is still loading, or failed: then its title,
// the failure in words with a retry, and what else the page offers (children).
export function NotLoaded({ load, title, children }) {
  if (!load.error) return <Loading />;
  return (
    <>
      <Title>{title}</Title>
      <ErrorMessage error={load.error} onRetry={load.reload} />
      {children}
    </>
  );
}

// Card: a section of a page with its heading (id names it for aria-labelledby); empty,
// when given, is said instead of the children (a list with nothing in it).
export function Card({ id, title, empty, children }) {
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {empty ? <p>{empty}</p> : children}
    </section>
  );
}

// Table: a table with its caption (hidden when a heading already says it) and its column
// headings; a falsy column is left out.
export function Table({ caption, shown = false, cols, children }) {
  return (
    <table>
      <caption class={shown ? undefined : 'visually-hidden'}>{caption}</caption>
      <thead>
        <tr>
          {cols.filter(Boolean).map((c, i) => (
            <th scope="col" key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

// Paged shows a usePaged list: loading, failed (with a retry), empty, or its items
// (children is a function of them), and "show more" while there are further pages.
export function Paged({ list, empty, children }) {
  return (
    <>
      {list.loading && !list.data && <Loading />}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.data && list.items.length === 0 && <p>{empty}</p>}
      {list.items.length > 0 && children(list.items)}
      {list.cursor && <button type="button" onClick={list.loadMore}>{t('moreItems')}</button>}
      <ErrorMessage error={list.moreErr} />
    </>
  );
}

// OpenById: the form that opens a record by the id a notice or a link gave (to(id) is
// its route), for one who has only the id.
export function OpenById({ id, title, hint, to }) {
  const [v, setV] = useState('');
  return (
    <form class="filters" onSubmit={(e) => { e.preventDefault(); if (v.trim()) location.hash = to(encodeURIComponent(v.trim())); }}>
      <div class="field">
        <label for={id}>{title}</label>
        <input id={id} value={v} onInput={(e) => setV(e.currentTarget.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
        {hint && <span class="hint" id={`${id}-hint`}>{hint}</span>}
      </div>
      <button type="submit">{t('show')}</button>
    </form>
  );
}

// Live region for the result of an action ("Saved.", "Submitted.").
export function Notice({ text }) {
  return (
    <p class="alert ok" role="status">
      {text}
    </p>
  );
}
