import { useState, useEffect, useMemo } from 'preact/hooks';
import { t, label, hasLabel, date, dateTime, zoneName } from '../i18n.js';
import { request, post, patch, procedures, newKey } from '../api.js';
import { DocKind, DocLine } from '../documents.jsx';
import { useLoad, Loading, StatusBadge, OverdueBadge, Title, Notice } from '../screen.jsx';
import { ErrorMessage } from '../errors.jsx';
import { SchemaForm, defaults } from '../form.jsx';
import { explain } from '../calendar.js';

// The application page: its state, deadlines with "why this date", documents with upload
// and the validator's verdict, the caller's actions, and the audit trail.
export function ApplicationPage({ me, params }) {
  const id = params[0];
  const page = useLoad(async () => {
    const [app, procs] = await Promise.all([request(`/v1/applications/${id}`), procedures()]);
    return { app, proc: procs[app.procedure] };
  }, [id]);
  const [notice, setNotice] = useState(null);
  const [trailKey, setTrailKey] = useState(0);
  // Field errors of the last refused action (e.g. submit's missing documents), shown
  // beside the documents and draft fields they name.
  const [actionErrors, setActionErrors] = useState({});
  // A 409 or 412: someone else acted first. Kept above the (reloaded) page, whose forms
  // may be gone since the state moved on.
  const [stale, setStale] = useState(null);

  if (page.loading && !page.data) return <Loading />;
  if (page.error) return <ErrorMessage error={page.error} onRetry={page.reload} />;
  const { app, proc } = page.data;
  const country = proc.country;
  // A change made here answers with the application: show it, and the trail anew.
  const changed = (next, text) => {
    setActionErrors({});
    setStale(null);
    page.setData({ app: next, proc });
    setNotice(text || null);
    setTrailKey((k) => k + 1);
  };
  const refresh = (err) => {
    setActionErrors({});
    setStale(err && err.status ? err : null);
    page.reload();
    setTrailKey((k) => k + 1);
  };
  const owner = me.org && me.org === app.org;
  const name = (app.object && app.object.name) || (app.details && app.details.title) || app.id;

  return (
    <>
      <Title>
        {name} <StatusBadge status={app.status} /> {app.overdue && <OverdueBadge />}
      </Title>
      <dl class="meta">
        <dt>{t('colProcedure')}</dt>
        <dd>
          {label('procedure', app.procedure)} <span class="hint">({proc.basis})</span>
        </dd>
        {app.object && app.object.type && (
          <>
            <dt>{t('objectType')}</dt>
            <dd>{label('type', app.object.type)}</dd>
          </>
        )}
        <dt>{t('colOrg')}</dt>
        <dd>{app.org}</dd>
        <dt>{t('round')}</dt>
        <dd>{app.round}</dd>
        <dt>{t('createdAt')}</dt>
        <dd>{dateTime(app.createdAt, country)}</dd>
        <dt>{t('submittedAt')}</dt>
        <dd>{app.submittedAt ? dateTime(app.submittedAt, country) : '—'}</dd>
      </dl>
      {notice && <Notice text={notice} />}
      <ErrorMessage error={stale} fields={false} />
      {app.score && (
        <p class="score">
          {t('score', {
            total: app.score.total,
            g1: app.score.groups['1'],
            g2: app.score.groups['2'],
            g3: app.score.groups['3'],
            verdict: app.score.passes ? t('passes') : t('fails'),
          })}
        </p>
      )}
      <Actions app={app} proc={proc} me={me} owner={owner} onChanged={changed} onStale={refresh} onFieldErrors={setActionErrors} />
      <Clocks app={app} country={country} />
      <Documents app={app} proc={proc} me={me} owner={owner} onChanged={() => refresh()} errors={actionErrors} />
      {app.status === proc.initial && owner && <DraftEditor app={app} proc={proc} onChanged={changed} onStale={refresh} actionErrors={actionErrors} />}
      <Trail path={`/v1/applications/${app.id}/events`} country={country} key={trailKey} />
    </>
  );
}

// --- actions -------------------------------------------------------------------------------

function Actions({ app, proc, me, owner, onChanged, onStale, onFieldErrors }) {
  const mine = proc.actions.filter(
    (a) => a.from === app.status && (me.roles || []).includes(a.role) && (a.party !== 'owner' || owner),
  );
  const step = proc.steps.find((s) => s.status === app.status);
  return (
    <section aria-labelledby="actions-h" class="card">
      <h2 id="actions-h">{t('actions')}</h2>
      {mine.length === 0 && (
        <p>
          {t('noActions')}
          {step && ' ' + t('waitingFor', { role: label('role', step.owner), step: label('status', step.status) })}
        </p>
      )}
      {mine.map((a) => (
        <ActionForm key={a.name + app.status} app={app} action={a} onChanged={onChanged} onStale={onStale} onFieldErrors={onFieldErrors} />
      ))}
    </section>
  );
}

function ActionForm({ app, action, onChanged, onStale, onFieldErrors }) {
  const [value, setValue] = useState({});
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  // One key per attempt of this action on this version: a retry after a lost answer
  // acts once; a new version of the application is a new attempt.
  const key = useMemo(() => newKey(action.name), [app.version]);
  // A refusal is about the version it was made on: a new version clears it.
  useEffect(() => setErr(null), [app.version, app.documents.length]);
  const name = label('action', action.name);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const next = await post(`/v1/applications/${app.id}/${action.name}`, action.input ? value : undefined, { key });
      onChanged(next, t('actionDone', { action: name }));
    } catch (x) {
      if (x.status === 409) return onStale(x);
      setErr(x);
      onFieldErrors(x.fieldErrors || {});
    } finally {
      setBusy(false);
    }
  };
  const hid = `act-${action.name}`;
  return (
    <form onSubmit={submit} novalidate class="action" aria-labelledby={hid}>
      <h3 id={hid}>{name}</h3>
      <p class="hint">{t('basis', { basis: action.basis })}</p>
      {action.input && <SchemaForm schema={action.input} value={value} onChange={setValue} errors={err ? err.fieldErrors : {}} />}
      <ErrorMessage error={err} />
      <button type="submit" class={action.name === 'withdraw' ? '' : 'primary'} disabled={busy}>
        {action.input ? t('confirmAction', { action: name }) : name}
      </button>
    </form>
  );
}

// --- draft ---------------------------------------------------------------------------------

function DraftEditor({ app, proc, onChanged, onStale, actionErrors }) {
  const sections = Object.keys(proc.create.properties || {}).filter((k) => k !== 'procedure' && k !== 'object');
  const initial = () => defaults({ properties: Object.fromEntries(sections.map((k) => [k, proc.create.properties[k]])) },
    Object.fromEntries(sections.filter((k) => app[k] != null).map((k) => [k, app[k]])));
  const [value, setValue] = useState(initial);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(initial()), [app.version]);
  if (!sections.length) return null;
  const schema = { ...proc.create, properties: Object.fromEntries(sections.map((k) => [k, proc.create.properties[k]])), required: [] };
  const save = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      // If-Match: a draft another clerk saved meanwhile is not overwritten (412).
      const next = await patch(`/v1/applications/${app.id}`, value, { ifMatch: `"v${app.version}"` });
      onChanged(next, t('saved'));
    } catch (x) {
      if (x.status === 412 || x.status === 409) return onStale(x);
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="draft-h" class="card">
      <h2 id="draft-h">{t('draftSections')}</h2>
      <form onSubmit={save} novalidate>
        <SchemaForm schema={schema} value={value} onChange={setValue} errors={err ? err.fieldErrors : actionErrors} />
        <ErrorMessage error={err} />
        <button type="submit" disabled={busy}>
          {t('save')}
        </button>
      </form>
    </section>
  );
}

// --- clocks ----------------------------------------------------------------------------------

function Clocks({ app, country }) {
  if (!app.clocks || !app.clocks.length) return null;
  return (
    <section aria-labelledby="clocks-h" class="card">
      <h2 id="clocks-h">{t('clocks')}</h2>
      <ul class="clocks">
        {app.clocks.map((c) => (
          <ClockItem key={`${c.step}-${c.round}`} clock={c} country={country} />
        ))}
      </ul>
    </section>
  );
}

function ClockItem({ clock: c, country }) {
  const [open, setOpen] = useState(false);
  const cal = c.calendar || country;
  const wd = c.limit && c.limit.kind === 'working_days';
  const from = c.fromDate || (c.startedAt || '').slice(0, 10);
  return (
    <li class={`clock state-${c.state}`}>
      <strong>{label('status', c.step)}</strong> ({t('round')} {c.round}) — <span class={`badge clock-${c.state}`}>{label('clock', c.state)}</span>
      {c.owner && <span> · {label('role', c.owner)}</span>}
      <br />
      {c.dueDate ? t('clockDue', { date: date(c.dueDate), zone: zoneName(cal) }) : c.problem || ''}
      {c.limit && c.limit.kind !== 'none' && (
        <>
          {' · '}
          {wd ? t('clockLimit', { n: c.limit.n, from: date(from) }) : t('clockLimitOther', { n: c.limit.n, kind: label('limit', c.limit.kind), from: date(from) })}
        </>
      )}
      <span class="hint"> · {t('basis', { basis: c.basis })}</span>
      {wd && c.dueDate && (
        <>
          <br />
          <button type="button" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>
            {open ? t('hideWhy') : t('whyDate')}
          </button>
          {open && <Explanation country={cal} from={from} days={c.limit.n} />}
        </>
      )}
    </li>
  );
}

function Explanation({ country, from, days }) {
  const ex = useLoad(() => explain(country, from, days), [country, from, days]);
  if (ex.loading) return <Loading />;
  if (ex.error) return <ErrorMessage error={ex.error} onRetry={ex.reload} />;
  const all = [...(ex.data.counted || []), ...(ex.data.skipped || [])].sort((a, b) => (a.date < b.date ? -1 : 1));
  return (
    <div class="explain">
      <p>{t('explainIntro', { from: date(ex.data.from), due: date(ex.data.due) })}</p>
      <table>
        <caption class="visually-hidden">{t('whyDate')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stageDate')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('source')}</th>
          </tr>
        </thead>
        <tbody>
          {all.map((d) => (
            <tr key={d.date} class={d.working ? '' : 'skipped'}>
              <td>{date(d.date)}</td>
              <td>
                {d.working ? t('counted') : t('skipped')}: {d.reason}
              </td>
              <td class="source">{d.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// --- documents ---------------------------------------------------------------------------------

function requiredKinds(app, proc) {
  const type = app.object && app.object.type;
  if (type && proc.objectTypes && proc.objectTypes[type]) return proc.objectTypes[type];
  return (proc.documents || []).filter((d) => !d.objectTypes || !type || d.objectTypes.includes(type));
}

function Documents({ app, proc, owner, onChanged, errors }) {
  const kinds = requiredKinds(app, proc);
  const canUpload = owner && (proc.uploads || []).includes(app.status);
  if (!kinds.length && !(app.documents || []).length) return null;
  const known = new Set(kinds.map((k) => k.kind));
  const others = (app.documents || []).filter((d) => !known.has(d.kind));
  const base = `/v1/applications/${app.id}`;
  return (
    <section aria-labelledby="docs-h" class="card">
      <h2 id="docs-h">{t('documents')}</h2>
      {kinds.length > 0 && <p>{t('requiredDocs', { type: app.object ? label('type', app.object.type) : label('procedure', app.procedure) })}</p>}
      <ul class="docs">
        {kinds.map((k) => (
          <DocKind key={k.kind} base={base} docs={app.documents} kind={k.kind} basis={k.basis} canUpload={canUpload} onChanged={onChanged}
            errors={errors[`documents.${k.kind}`]} fid={`file-${k.kind}`} keyScope={app.id} />
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <h3>{t('otherDocs')}</h3>
          <ul class="docs">
            {others.map((d) => (
              <li key={d.id}>
                {label('kind', d.kind)}: <DocLine base={base} summary={d} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

// --- the audit trail -------------------------------------------------------------------------

// withKinds names the kind of a document's verdict (which carries only its documentId) from
// the entry that asked for the document's slot earlier in the same trail.
function withKinds(items) {
  const kinds = {};
  return items.map((e) => {
    const d = e.data || {};
    if (!d.documentId) return e;
    if (d.kind) {
      kinds[d.documentId] = d;
      return e;
    }
    const first = kinds[d.documentId];
    return first ? { ...e, data: { ...d, kind: first.kind, fileName: first.fileName } } : e;
  });
}

// Trail is an audit trail, oldest first (an application's, or an object's with its stages:
// kind names the table the from/to codes are labelled from).
export function Trail({ path, country, kind = 'status' }) {
  const ev = useLoad(() => request(`${path}?limit=200`), [path]);
  // An entry's words: its kind's own (a measure's "changed" is a progress note), else the common.
  const what = (type) => (hasLabel(`${kind}Event`, type) ? label(`${kind}Event`, type) : label('event', type));
  return (
    <section aria-labelledby="trail-h" class="card">
      <h2 id="trail-h">{t('trail')}</h2>
      {ev.loading && <Loading />}
      {ev.error && <ErrorMessage error={ev.error} onRetry={ev.reload} />}
      {ev.data && (
        <ol class="timeline">
          {withKinds(ev.data.items).map((e, i) => (
            <li key={i}>
              <time datetime={e.at}>{dateTime(e.at, country)}</time>{' '}
              <strong>{e.from && e.to && e.from !== e.to ? `${label(kind, e.from)} → ${label(kind, e.to)}` : what(e.type)}</strong>
              {e.from && e.to && e.from !== e.to ? <span class="muted"> ({what(e.type)})</span> : e.to && <span class="muted"> ({label(kind, e.to)})</span>}
              {e.data && e.data.kind && <span> — {label('kind', e.data.kind)}{e.data.fileName && <span class="filename"> ({e.data.fileName})</span>}</span>}
              <br />
              <span class="muted">{t('by', { sub: e.actor.sub, role: label('role', e.actor.role), org: e.actor.org || '—' })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
