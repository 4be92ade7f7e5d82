import { useState, useMemo } from 'preact/hooks';
import { t, label, date, dateTime, getLang, zoneName } from '../i18n.js';
import { request, post, patch, newKey } from '../api.js';
import { useLoad, usePaged, useSubmit, NotLoaded, Title, Notice, Card, Table, Paged, OpenById } from '../screen.jsx';
import { hasRole } from '../auth.js';
import { ErrorMessage, fieldKit } from '../errors.jsx';
import { Unplaced } from './objects.jsx';
import { Trail } from './application.jsx';

// The Latvian open-government action plan (seed 001) as its people work on it, signed in:
// the State Chancellery (coordinator) records the plan and its measures and freezes the
// annual reports (S3); each measure's single responsible institution keeps its status and
// progress log and records its risks (S6), an early warning going to the coordinator when
// a risk's delay runs past the measure's end; observers (NGOs, the Memorandum Council) add
// their opinions (S3). Dates are Latvia's (Europe/Riga). GET/POST /v1/plans…,
// GET/PATCH /v1/measures/{id} and its risks, opinions and trail.

// Who works on plans: the coordinator, observers and Latvian institutions (ids lv-…).
export const planPeople = (me) => hasRole(me, 'coordinator', 'observer') || /^lv-/.test((me && me.org) || '');

// In Latvian the worksheet's own words (statusLabel.lv, 001 S6); otherwise the portal's.
const statusText = (m) => (getLang() === 'lv' && m.statusLabel && m.statusLabel.lv) || label('measure', m.status);

export const MeasureStatus = ({ m }) => (
  <span class={`badge measure-${m.status}`} lang={getLang() === 'lv' ? 'lv' : undefined}>{statusText(m)}</span>
);

const Delay = ({ m }) => (m.overdue ? <span class="badge overdue">{t('overdueDays', { n: m.overdueDays })}</span> : <span class="muted">{t('notOverdue')}</span>);

// MeasureCounts: how many measures stand where, and how many are overdue.
export function measureCounts(all) {
  const count = (st) => all.filter((m) => m.status === st).length;
  return t('measureCounts', { n: all.length, done: count('done'), progress: count('in_progress'), notStarted: count('not_started'), cancelled: count('cancelled'), overdue: all.filter((m) => m.overdue).length });
}

// MeasuresTable: the worksheet's rows (001 S6); link makes each title open its measure;
// the caption is hidden where a heading already says it.
export function MeasuresTable({ items, link = false, shown = true }) {
  return (
    <table class="measures">
      <caption class={shown ? undefined : 'visually-hidden'}>{t('measures')}</caption>
      <thead>
        <tr>
          {[t('measure'), t('owner'), t('window'), t('colStatus'), t('overdueCol')].map((c) => <th scope="col" key={c}>{c}</th>)}
        </tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <tr key={m.id} class={m.overdue ? 'is-overdue' : ''}>
            <th scope="row" class="measure-title">
              {m.commitment && <span class="hint" lang="lv">{m.commitment}</span>}
              {link ? <a href={`#/measures/${m.id}`} lang="lv">{m.title}</a> : <span lang="lv">{m.title}</span>}
              {m.definitionOfDone && <span class="hint">{t('definitionOfDone')}: <span lang="lv">{m.definitionOfDone}</span></span>}
            </th>
            <td>
              {m.owner}
              {m.coOwners && m.coOwners.length > 0 && <span class="hint">{t('coOwners')}: {m.coOwners.join(', ')}</span>}
            </td>
            <td>{date(m.start)} — {date(m.end)}</td>
            <td><MeasureStatus m={m} /></td>
            <td><Delay m={m} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ReportState: a year's report as made (when), or where its due date stands.
export const ReportState = ({ r, asOf }) =>
  r.madeAt ? t('reportMade', { at: dateTime(r.madeAt, 'LV') }) : label('reportState', r.state === 'running' && r.dueOn < asOf ? 'late' : r.state);

// PlanHead: a plan's title, the notice of what was just done, and its period, the day its
// overdue days are counted on and how its measures stand; children add to the list.
export function PlanHead({ p, notice, children }) {
  return (
    <>
      {/* A Latvian plan's own words are Latvian whatever the page's language. */}
      <Title><span lang="lv">{p.title}</span></Title>
      {notice}
      <dl class="meta">
        <dt>{t('period')}</dt>
        <dd>{date(p.period.from)} — {date(p.period.to)}</dd>
        <dt>{t('asOf')}</dt>
        <dd>{date(p.asOf)} <span class="hint-inline">({zoneName('LV')})</span></dd>
        <dt>{t('measures')}</dt>
        <dd>{measureCounts(p.measures || [])}</dd>
        {children}
      </dl>
    </>
  );
}

// --- plans ------------------------------------------------------------------------------

// PlanList: the plans, newest first (GET /v1/public/plans, open data, so the same list
// for the public and the signed-in); href makes a plan's link. Below it, a plan opened by
// its id (the links of its notices carry it).
export function PlanList({ href }) {
  const list = usePaged('/v1/public/plans?limit=50', { auth: false });
  return (
    <>
      <Card id="pls" title={t('planList')}>
        <Paged list={list} empty={t('noPlans')}>
          {(items) => (
            <Table caption={t('planList')} cols={[t('plan'), t('period'), t('recordedAt')]}>
              {items.map((p) => (
                <tr key={p.id}>
                  <td><a href={href(p.id)} lang="lv">{p.title}</a></td>
                  <td>{date(p.period.from)} — {date(p.period.to)}</td>
                  <td>{dateTime(p.createdAt, 'LV')}</td>
                </tr>
              ))}
            </Table>
          )}
        </Paged>
      </Card>
      <OpenById id="plan-id" title={t('planId')} hint={t('byId')} to={href} />
    </>
  );
}

// Plans: the plans to work on; the coordinator records a new one.
export function Plans({ me }) {
  return (
    <>
      <Title>{t('plans')}</Title>
      <p class="lead">{t('plansLead')}</p>
      <PlanList href={(id) => `#/plans/${id}`} />
      {hasRole(me, 'coordinator') && <NewPlan />}
    </>
  );
}

// NewPlan: the State Chancellery records a plan and its period (001 S1); a report is due
// for each of its years.
function NewPlan() {
  const [v, setV] = useState({ title: '', from: '', to: '' });
  const key = useMemo(() => newKey('plan'), []);
  const s = useSubmit(async () => {
    const p = await post('/v1/plans', { title: v.title.trim(), period: { from: v.from, to: v.to } }, { key });
    location.hash = `#/plans/${p.id}`;
  });
  const { Err, field } = fieldKit(s.fe, 'np');
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="np-h">
      <h2 id="np-h">{t('newPlan')}</h2>
      {field({ k: 'title', title: t('planTitle'), req: true }, (a) => <input {...a} maxLength={1000} value={v.title} onInput={set('title')} />)}
      <fieldset class="group">
        <legend>{t('period')}</legend>
        {field({ k: 'period.from', title: t('periodFrom'), req: true }, (a) => <input {...a} type="date" value={v.from} onInput={set('from')} />)}
        {field({ k: 'period.to', title: t('periodTo'), req: true }, (a) => <input {...a} type="date" value={v.to} onInput={set('to')} />)}
        <Err k="period" />
      </fieldset>
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['title', 'period']} />
      <button type="submit" class="primary" disabled={s.busy}>{t('createPlan')}</button>
    </form>
  );
}

export function PlanPage({ me, params }) {
  const id = decodeURIComponent(params[0]);
  const plan = useLoad(() => request(`/v1/plans/${encodeURIComponent(id)}`), [id]);
  // A notice is worded when shown, so it follows a change of language.
  const [notice, setNotice] = useState(null);
  if (plan.error || !plan.data) {
    return (
      <NotLoaded load={plan} title={t('plan')}>
        <p><a href="#/plans">{t('plans')}</a></p>
      </NotLoaded>
    );
  }
  const p = plan.data;
  const coordinator = hasRole(me, 'coordinator');
  const done = (words) => {
    plan.reload();
    setNotice(() => words);
  };
  return (
    <>
      <p class="crumbs"><a href="#/plans">{t('plans')}</a></p>
      <PlanHead p={p} notice={notice && <Notice text={notice()} />}>
        <dt>{t('openData')}</dt>
        <dd><a href={`#/public/plans/${encodeURIComponent(p.id)}`}>{t('publicPlanLink')}</a></dd>
      </PlanHead>
      <Card id="ms" title={t('measures')} empty={p.measures.length === 0 && t('noMeasures')}>
        <MeasuresTable items={p.measures} link shown={false} />
      </Card>
      {coordinator && <AddMeasure key={p.measures.length} p={p} onDone={() => done(() => t('measureAdded'))} />}
      <PlanReports p={p} coordinator={coordinator} onDone={(year) => done(() => t('planReportFrozen', { year }))} />
      <Trail path={`/v1/plans/${encodeURIComponent(p.id)}/events`} country="LV" kind="plan" key={p.reports.filter((r) => r.made).length} />
    </>
  );
}

// AddMeasure: the coordinator adds a row of the worksheet (001 S6): one responsible
// institution, the others with their role, the client, the window inside the plan's
// period and how one knows it is done. Every field error is shown beside its field.
function AddMeasure({ p, onDone }) {
  const [v, setV] = useState({ title: '', commitment: '', owner: '', coOwners: '', coOwnerRoles: '', clients: '', start: '', end: '', definitionOfDone: '' });
  const key = useMemo(() => newKey('measure'), []);
  const coOwners = v.coOwners.split(',').map((x) => x.trim()).filter(Boolean);
  const s = useSubmit(async () => {
    const body = { ...v, title: v.title.trim(), commitment: v.commitment.trim(), owner: v.owner.trim(), coOwners };
    await post(`/v1/plans/${p.id}/measures`, body, { key });
    onDone();
  });
  const { field } = fieldKit(s.fe, 'am');
  // coOwners[i]: the i-th institution named, told by its id.
  const coErrs = Object.entries(s.fe).filter(([f]) => f.startsWith('coOwners'));
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  const text = (k, req, opts = {}) =>
    field({ k, title: t(`m_${k}`), req, hint: opts.hint }, (a) =>
      opts.long ? <textarea {...a} rows={2} maxLength={4000} value={v[k]} onInput={set(k)} /> : <input {...a} type={opts.type || 'text'} maxLength={1000} value={v[k]} onInput={set(k)} />);
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="am-h">
      <h2 id="am-h">{t('addMeasure')}</h2>
      {text('title', true)}
      {text('commitment', false)}
      {text('owner', true, { hint: t('m_ownerHint') })}
      <div class="field">
        <label for="am-coOwners">{t('m_coOwners')}<span class="req"> ({t('optional')})</span></label>
        <input id="am-coOwners" value={v.coOwners} onInput={set('coOwners')} aria-invalid={coErrs.length ? 'true' : undefined}
          aria-describedby={`am-coOwners-hint${coErrs.length ? ' am-coOwners-err' : ''}`} />
        <span class="hint" id="am-coOwners-hint">{t('m_coOwnersHint')}</span>
        {coErrs.length > 0 && (
          <span class="field-error" id="am-coOwners-err">
            {coErrs.map(([f, rs]) => {
              const i = /\[(\d+)\]/.exec(f);
              return `${i ? `${coOwners[Number(i[1])] || ''}: ` : ''}${rs.join('; ')}`;
            }).join('; ')}
          </span>
        )}
      </div>
      {text('coOwnerRoles', false, { long: true })}
      {text('clients', false, { long: true })}
      {text('start', true, { type: 'date' })}
      {text('end', true, { type: 'date', hint: t('m_endHint', { from: date(p.period.from), to: date(p.period.to) }) })}
      {text('definitionOfDone', false, { long: true })}
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['title', 'commitment', 'owner', 'coOwners', 'coOwnerRoles', 'clients', 'start', 'end', 'definitionOfDone']} />
      <button type="submit" class="primary" disabled={s.busy}>{t('addMeasure')}</button>
    </form>
  );
}

// PlanReports: each year's report, due on 1 February of the next year (001 S3): made ones
// open their frozen snapshot; the coordinator freezes the others.
function PlanReports({ p, coordinator, onDone }) {
  return (
    <Card id="rp" title={t('reports')}>
      <p class="hint">{t('reportsHint')}</p>
      <Table caption={t('reports')} cols={[t('reportYear'), t('colDue'), t('colStatus'), <span class="visually-hidden" key="a">{t('actions')}</span>]}>
        {p.reports.map((r) => (
          <tr key={r.year}>
            <th scope="row">{r.year}</th>
            <td>{date(r.dueOn)}</td>
            <td>
              <ReportState r={{ ...r, madeAt: r.made && r.made.madeAt }} asOf={p.asOf} />
              {r.made && <span class="hint filename">SHA-256 {r.made.sha256.slice(0, 16)}…</span>}
            </td>
            <td>
              {r.made ? (
                <a href={`#/plans/${encodeURIComponent(p.id)}/reports/${r.year}`}>{t('openReport', { year: r.year })}</a>
              ) : coordinator && <FreezeYear p={p} year={r.year} onDone={onDone} />}
            </td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

// FreezeYear: the coordinator freezes a year's report: a snapshot of every measure as it
// stands, never changed (a second one for the year: 409, told in words).
function FreezeYear({ p, year, onDone }) {
  const key = useMemo(() => newKey('report'), [year]);
  const s = useSubmit(async () => {
    await post(`/v1/plans/${p.id}/reports`, { year }, { key });
    onDone(year);
  });
  return (
    <>
      <button type="button" disabled={s.busy} onClick={s.go}>{t('freezePlanReport', { year })}</button>
      {s.err && s.err.status === 409 ? <p class="alert error" role="alert">{t('planReportExists')}</p> : <ErrorMessage error={s.err} />}
    </>
  );
}

// PlanReportPage: a made report read back from its frozen snapshot (the digest checked by
// the API): the measures as they stood when it was made.
export function PlanReportPage({ params }) {
  const [id, year] = [decodeURIComponent(params[0]), params[1]];
  const rep = useLoad(() => request(`/v1/plans/${encodeURIComponent(id)}/reports/${year}`), [id, year]);
  if (rep.error || !rep.data) {
    return (
      <NotLoaded load={rep} title={t('planReport', { year })}>
        <p><a href={`#/plans/${encodeURIComponent(id)}`}>{t('plan')}</a></p>
      </NotLoaded>
    );
  }
  const r = rep.data;
  const c = r.content;
  return (
    <>
      <p class="crumbs"><a href={`#/plans/${encodeURIComponent(id)}`} lang="lv">{c.title}</a></p>
      <Title>{t('planReport', { year: r.year })}</Title>
      <dl class="meta">
        <dt>{t('colDue')}</dt>
        <dd>{date(c.dueOn)}</dd>
        <dt>{t('reportMadeAt')}</dt>
        <dd>{dateTime(r.madeAt, 'LV')} <span class="hint-inline">{r.madeBy}</span></dd>
        <dt>{t('asOf')}</dt>
        <dd>{date(c.asOf)} <span class="hint-inline">({zoneName('LV')})</span></dd>
        <dt>{t('measures')}</dt>
        <dd>{measureCounts(c.measures)}</dd>
        <dt>{t('snapshot')}</dt>
        <dd class="filename">SHA-256 {r.sha256}</dd>
      </dl>
      <p class="hint">{t('planReportFrozenHint')}</p>
      {c.measures.length === 0 ? <p>{t('noMeasures')}</p> : <MeasuresTable items={c.measures} link />}
    </>
  );
}

// --- a measure --------------------------------------------------------------------------

export function MeasurePage({ me, params }) {
  const id = params[0];
  const ms = useLoad(() => request(`/v1/measures/${id}`), [id]);
  const [notice, setNotice] = useState(null);
  const [stale, setStale] = useState(null);
  const [trailKey, setTrailKey] = useState(0);
  if (ms.error || !ms.data) return <NotLoaded load={ms} title={t('measure')} />;
  const m = ms.data;
  const owner = hasRole(me, 'applicant') && me.org === m.owner;
  // A change answers with the measure: show it, and the trail anew. notice words it when shown.
  const changed = (next, notice) => {
    setStale(null);
    ms.setData(next);
    setNotice(() => notice);
    setTrailKey((k) => k + 1);
  };
  // Someone else changed the measure first (412): show it as it is now.
  const refresh = (err) => {
    setNotice(null);
    setStale(err);
    ms.reload();
    setTrailKey((k) => k + 1);
  };
  return (
    <>
      <p class="crumbs"><a href={`#/plans/${encodeURIComponent(m.planId)}`}>{t('theMeasuresPlan')}</a></p>
      <Title><span lang="lv">{m.title}</span></Title>
      {notice && notice()}
      <ErrorMessage error={stale} fields={false} />
      <dl class="meta">
        {m.commitment && (
          <>
            <dt>{t('m_commitment')}</dt>
            <dd lang="lv">{m.commitment}</dd>
          </>
        )}
        <dt>{t('owner')}</dt>
        <dd>{m.owner}</dd>
        <dt>{t('m_coOwners')}</dt>
        <dd>{m.coOwners.length ? m.coOwners.join(', ') : t('none')}{m.coOwnerRoles && <span class="hint" lang="lv">{m.coOwnerRoles}</span>}</dd>
        {m.clients && (
          <>
            <dt>{t('m_clients')}</dt>
            <dd lang="lv">{m.clients}</dd>
          </>
        )}
        <dt>{t('window')}</dt>
        <dd>{date(m.start)} — {date(m.end)} <span class="hint-inline">({t('endOfDayIn', { zone: zoneName('LV') })})</span></dd>
        <dt>{t('m_definitionOfDone')}</dt>
        <dd>{m.definitionOfDone ? <span lang="lv">{m.definitionOfDone}</span> : <span class="muted">{t('notSaid')}</span>}</dd>
        <dt>{t('colStatus')}</dt>
        <dd><MeasureStatus m={m} /> <Delay m={m} /></dd>
      </dl>
      <Card id="pl" title={t('progressLog')}>
        <ol class="timeline">
          {m.progress.map((e, i) => (
            <li key={i}>
              <time datetime={e.at}>{dateTime(e.at, 'LV')}</time> <strong>{label('measure', e.status)}</strong>
              {e.note && <> — <span lang="lv">{e.note}</span></>}
              <br />
              <span class="muted">{e.by} ({e.org || '—'})</span>
            </li>
          ))}
        </ol>
      </Card>
      {owner && <ChangeMeasure m={m} onDone={(d) => changed(d, () => <Notice text={t('progressSaved')} />)} onStale={refresh} />}
      <Risks m={m} />
      {owner && <RiskForm key={m.risks.length} m={m} onDone={(d) => changed(d, () => <RiskNotice d={d} />)} />}
      <Opinions m={m} />
      {hasRole(me, 'observer') && <OpinionForm key={m.opinions.length} m={m} onDone={(d) => changed(d, () => <Notice text={t('opinionAdded')} />)} />}
      <Trail path={`/v1/measures/${m.id}/events`} country="LV" kind="measure" key={trailKey} />
    </>
  );
}

// ChangeMeasure: the responsible institution's status and progress note (001 S6), sent
// with If-Match so a change made meanwhile is not overwritten (412: the page reloads and
// says so; the note typed stays in the form).
function ChangeMeasure({ m, onDone, onStale }) {
  const [status, setStatus] = useState(m.status);
  const [note, setNote] = useState('');
  const s = useSubmit(async () => {
    const body = {};
    if (status !== m.status) body.status = status;
    if (note.trim()) body.progressNote = note.trim();
    try {
      onDone(await patch(`/v1/measures/${m.id}`, body, { ifMatch: `"v${m.version}"` }));
      setNote('');
    } catch (x) {
      if (x.status === 412) return onStale(x);
      throw x;
    }
  });
  const { field } = fieldKit(s.fe, 'cm');
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="cm-h">
      <h2 id="cm-h">{t('changeMeasure')}</h2>
      {field({ k: 'status', title: t('colStatus') }, (a) => (
        <select {...a} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {['not_started', 'in_progress', 'done', 'cancelled'].map((x) => <option value={x} key={x}>{label('measure', x)}</option>)}
        </select>
      ))}
      {field({ k: 'progressNote', title: t('progressNote'), hint: t('progressNoteHint') }, (a) => (
        <textarea {...a} rows={3} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      ))}
      {s.err && s.err.status === 409 ? <p class="alert error" role="alert">{t('measureFinal')}</p> : <ErrorMessage error={s.err} fields={false} />}
      <Unplaced errors={s.fe} placed={['status', 'progressNote']} />
      <button type="submit" class="primary" disabled={s.busy}>{t('saveProgress')}</button>
    </form>
  );
}

// RiskNotice: a recorded risk, and the early warning when the API sent one (the day it was
// recorded plus its expected delay falls after the measure's end).
function RiskNotice({ d }) {
  const r = d.risks[d.risks.length - 1];
  if (!r || !r.warning) return <Notice text={t('measureRiskRecorded')} />;
  return (
    <p class="alert warn" role="status">
      <strong>{t('earlyWarning')}</strong> {t('earlyWarningText', { days: r.expectedDelayDays, end: date(d.end) })}
    </p>
  );
}

function Risks({ m }) {
  return (
    <Card id="rk" title={t('measureRisks')} empty={m.risks.length === 0 && t('noMeasureRisks')}>
      <Table caption={t('measureRisks')} cols={[t('riskText'), t('expectedDelay'), t('recordedOn')]}>
        {m.risks.map((r) => (
          <tr key={r.id}>
            <td lang="lv">{r.text}</td>
            <td>
              {t('daysN', { n: r.expectedDelayDays })}{' '}
              {r.warning && <span class="badge overdue">{t('warningSent')}</span>}
            </td>
            <td>{date(r.recordedOn)} <span class="hint">{r.by} ({r.org})</span></td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

// RiskForm: the responsible institution records a risk or obstacle and the delay it expects
// (001 S6: "Riski un šķēršļi").
function RiskForm({ m, onDone }) {
  const [v, setV] = useState({ text: '', days: '' });
  const key = useMemo(() => newKey('risk'), []);
  const s = useSubmit(async () => {
    onDone(await post(`/v1/measures/${m.id}/risks`, { text: v.text.trim(), expectedDelayDays: v.days === '' ? null : Number(v.days) }, { key }));
  });
  const { field } = fieldKit(s.fe, 'mr');
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="mr-h">
      <h2 id="mr-h">{t('recordMeasureRisk')}</h2>
      {field({ k: 'text', title: t('riskText'), req: true }, (a) => (
        <textarea {...a} rows={3} maxLength={4000} value={v.text} onInput={(e) => setV({ ...v, text: e.currentTarget.value })} />
      ))}
      {field({ k: 'expectedDelayDays', title: t('expectedDelay'), req: true, hint: t('expectedDelayHint', { end: date(m.end) }) }, (a) => (
        <input {...a} type="number" min="0" max="3650" value={v.days} onInput={(e) => setV({ ...v, days: e.currentTarget.value })} />
      ))}
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['text', 'expectedDelayDays']} />
      <button type="submit" disabled={s.busy}>{t('recordMeasureRisk')}</button>
    </form>
  );
}

function Opinions({ m }) {
  return (
    <Card id="op" title={t('opinions')} empty={m.opinions.length === 0 && t('noOpinions')}>
      <ul class="plain">
        {m.opinions.map((o) => (
          <li key={o.id}>
            <p lang="lv">{o.text}</p>
            <span class="hint">{dateTime(o.at, 'LV')} — {o.by} ({o.org || '—'})</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

// OpinionForm: an observer's opinion on the measure's progress (001 S3).
function OpinionForm({ m, onDone }) {
  const [text, setText] = useState('');
  const key = useMemo(() => newKey('opinion'), []);
  const s = useSubmit(async () => onDone(await post(`/v1/measures/${m.id}/opinions`, { text: text.trim() }, { key })));
  const { field } = fieldKit(s.fe, 'mo');
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="mo-h">
      <h2 id="mo-h">{t('addOpinion')}</h2>
      {field({ k: 'text', title: t('opinionText'), req: true }, (a) => (
        <textarea {...a} rows={3} maxLength={4000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      ))}
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['text']} />
      <button type="submit" disabled={s.busy}>{t('addOpinion')}</button>
    </form>
  );
}
