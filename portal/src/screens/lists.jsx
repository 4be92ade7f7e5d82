import { useEffect, useState } from 'preact/hooks';
import { t, label, date, dateTime } from '../i18n.js';
import { request, procedures, limited } from '../api.js';
import { useLoad, Loading, StatusBadge, OverdueBadge, Title } from '../screen.jsx';
import { hasRole } from '../auth.js';
import { ErrorMessage } from '../errors.jsx';
import { ageInWorkingDays, currentClock } from '../calendar.js';

// The queue's items carry no clocks (a list reads the applications' own items), so each
// row reads its application for the step's clock, a few at a time (limited).
function useClock(a) {
  const listed = currentClock(a);
  const [clock, setClock] = useState(listed);
  useEffect(() => {
    let live = true;
    if (!listed && (a.clocks || []).length === 0 && a.submittedAt) {
      limited(() => request(`/v1/applications/${a.id}`)).then((full) => live && setClock(currentClock(full)), () => {});
    }
    return () => (live = false);
  }, [a.id, a.version]);
  return clock;
}

function Row({ a, procs, showOrg }) {
  const c = useClock(a);
  const country = (procs[a.procedure] || {}).country;
  return (
    <tr class={a.overdue ? 'is-overdue' : ''}>
      <td>
        <a href={`#/applications/${a.id}`}>{(a.object && a.object.name) || (a.details && a.details.title) || a.id}</a>
      </td>
      <td>{label('procedure', a.procedure)}</td>
      {showOrg && <td>{a.org}</td>}
      <td>
        <StatusBadge status={a.status} /> {a.overdue && <OverdueBadge />}
      </td>
      <td>{c && c.dueDate ? date(c.dueDate) : '—'}</td>
      <td>
        <Age clock={c} />
      </td>
      <td>{dateTime(a.updatedAt, country)}</td>
    </tr>
  );
}

function Age({ clock }) {
  const [n, setN] = useState(undefined);
  useEffect(() => {
    let live = true;
    if (clock) ageInWorkingDays(clock).then((v) => live && setN(v));
    return () => (live = false);
  }, [clock && clock.fromDate, clock && clock.completedAt]);
  if (!clock) return '—';
  return n === undefined ? '…' : n === null ? '—' : String(n);
}

// AppTable lists applications with their step's due date, age in working days and the
// overdue flag; the first column links to the application.
export function AppTable({ items, procs, caption, showOrg }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colApplication')}</th>
          <th scope="col">{t('colProcedure')}</th>
          {showOrg && <th scope="col">{t('colOrg')}</th>}
          <th scope="col">{t('colStatus')}</th>
          <th scope="col">{t('colDue')}</th>
          <th scope="col">{t('colAge')}</th>
          <th scope="col">{t('colUpdated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <Row key={a.id} a={a} procs={procs} showOrg={showOrg} />
        ))}
      </tbody>
    </table>
  );
}

// usePaged loads a list page by page (cursor), newest first.
function usePaged(url, deps) {
  const [more, setMore] = useState([]);
  const [cursor, setCursor] = useState(null);
  const first = useLoad(async () => {
    const [page, procs] = await Promise.all([request(url), procedures()]);
    setMore([]);
    setCursor(page.nextCursor || null);
    return { items: page.items, procs };
  }, deps);
  const loadMore = async () => {
    const page = await request(url + (url.includes('?') ? '&' : '?') + 'cursor=' + encodeURIComponent(cursor));
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor || null);
  };
  return { ...first, items: first.data ? [...first.data.items, ...more] : [], cursor, loadMore };
}

export function Applications({ me }) {
  const list = usePaged('/v1/applications?limit=50', []);
  return (
    <>
      <Title>{hasRole(me, 'applicant') ? t('myApplications') : t('allApplications')}</Title>
      {hasRole(me, 'applicant') && (
        <p>
          <a class="button primary" href="#/new">
            {t('navNew')}
          </a>
        </p>
      )}
      <ListBody list={list} caption={t('myApplications')} showOrg={false} />
    </>
  );
}

function ListBody({ list, caption, showOrg }) {
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorMessage error={list.error} onRetry={list.reload} />;
  if (!list.items.length) return <p>{t('noApplications')}</p>;
  return (
    <>
      <AppTable items={list.items} procs={list.data.procs} caption={caption} showOrg={showOrg} />
      {list.cursor && (
        <button type="button" onClick={list.loadMore}>
          {t('moreItems')}
        </button>
      )}
    </>
  );
}

// Queues: the steps the caller's roles owe, from the procedures' declarations, each a
// filter; "only overdue" asks the API for the overdue clocks.
export function Queues({ me }) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const [status, setStatus] = useState(params.get('status') || '');
  const [overdue, setOverdue] = useState(params.get('overdue') === 'true');
  const steps = useLoad(async () => {
    const procs = await procedures();
    const out = [];
    for (const p of Object.values(procs)) {
      for (const s of p.steps) if ((me.roles || []).includes(s.owner) && !out.includes(s.status)) out.push(s.status);
    }
    return out;
  }, []);
  const q = new URLSearchParams({ limit: '50' });
  if (status) q.set('status', status);
  if (overdue) q.set('overdue', 'true');
  const list = usePaged(`/v1/applications?${q}`, [status, overdue]);
  const apply = (s, o) => {
    setStatus(s);
    setOverdue(o);
    history.replaceState(null, '', `#/queues?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(o ? { overdue: 'true' } : {}) })}`);
  };
  return (
    <>
      <Title>{t('navQueues')}</Title>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="q-step">{t('step')}</label>
          <select id="q-step" value={status} onChange={(e) => apply(e.currentTarget.value, overdue)}>
            <option value="">{t('allSteps')}</option>
            {(steps.data || []).map((s) => (
              <option value={s} key={s}>
                {label('status', s)}
              </option>
            ))}
          </select>
        </div>
        <div class="check">
          <input type="checkbox" id="q-overdue" checked={overdue} onChange={(e) => apply(status, e.currentTarget.checked)} />
          <label for="q-overdue">{t('overdueOnly')}</label>
        </div>
      </form>
      <ListBody list={list} caption={status ? label('status', status) : t('allApplications')} showOrg={true} />
    </>
  );
}
