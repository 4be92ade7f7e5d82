import { useState, useEffect, useMemo } from 'preact/hooks';
import { t, label, date, dateTime, zoneName } from '../i18n.js';
import { request, patch, limited } from '../api.js';
import { useLoad, usePaged, useSubmit, NotLoaded, Title, Notice, Card, Table, Paged, OpenById } from '../screen.jsx';
import { hasRole } from '../auth.js';
import { ErrorMessage, fieldKit } from '../errors.jsx';

// The Latvian ICT consolidation decision (seed 000) as the coordinator (VARAM) follows it:
// the organisations it binds and their place in the hierarchy, the adoption date D set
// once (§3, §6; blank in the draft, so the deadlines wait), the deadlines of §6.1–§6.3
// pending until D and then running to their due dates (end of the day, Europe/Riga), and
// the coordinator's own tasks (§3–§5). GET/PATCH /v1/decisions/{id}, GET /v1/orgs/{org}.

// Decisions: the decisions, newest first (GET /v1/decisions); one is also opened by the id
// its notices and links carry.
export function Decisions() {
  const list = usePaged('/v1/decisions?limit=50');
  return (
    <>
      <Title>{t('decisions')}</Title>
      <p class="lead">{t('decisionsLead')}</p>
      <Card id="dls" title={t('decisionList')}>
        <Paged list={list} empty={t('noDecisions')}>
          {(items) => (
            <Table caption={t('decisionList')} cols={[t('decision'), t('adoptedOn'), t('decisionOrgs'), t('recordedAt')]}>
              {items.map((d) => (
                <tr key={d.id}>
                  <td><a href={`#/decisions/${encodeURIComponent(d.id)}`} lang="lv">{d.title}</a></td>
                  <td>{d.adoptedOn ? date(d.adoptedOn) : <span class="badge warn">{t('adoptedOnBlank')}</span>}</td>
                  <td>{d.orgs.length}</td>
                  <td>{dateTime(d.createdAt, 'LV')}</td>
                </tr>
              ))}
            </Table>
          )}
        </Paged>
      </Card>
      <OpenById id="decision-id" title={t('decisionId')} hint={t('byId')} to={(id) => `#/decisions/${id}`} />
    </>
  );
}

const stateClass = { running: 'dl-running', met: 'ok', overdue: 'overdue', exempt: 'ok' };
const DeadlineState = ({ d }) => <span class={`badge ${stateClass[d.state] || ''}`}>{label('dlState', d.state)}</span>;

// Why a deadline with a due date still waits: its year's calendar is not loaded.
function problemText(p) {
  const m = /(\d{4}): calendar year not loaded/.exec(p || '');
  return m ? t('calendarNotLoaded', { year: m[1] }) : p;
}

export function DecisionPage({ me, params }) {
  const id = decodeURIComponent(params[0]);
  const dec = useLoad(() => request(`/v1/decisions/${encodeURIComponent(id)}`), [id]);
  // A notice is worded when shown, so it follows a change of language.
  const [notice, setNotice] = useState(null);
  if (dec.error || !dec.data) {
    return (
      <NotLoaded load={dec} title={t('decision')}>
        <p><a href="#/decisions">{t('decisions')}</a></p>
      </NotLoaded>
    );
  }
  const d = dec.data;
  const orgDeadlines = d.deadlines.filter((x) => x.owner !== 'coordinator');
  const own = d.deadlines.filter((x) => x.owner === 'coordinator');
  const count = (st) => d.deadlines.filter((x) => x.state === st).length;
  return (
    <>
      <p class="crumbs"><a href="#/decisions">{t('decisions')}</a></p>
      <Title><span lang="lv">{d.title}</span></Title>
      {notice && <Notice text={notice()} />}
      <dl class="meta">
        <dt>{t('decisionId')}</dt>
        <dd class="filename">{d.id}</dd>
        <dt>{t('adoptedOn')}</dt>
        <dd>{d.adoptedOn ? date(d.adoptedOn) : <span class="badge warn">{t('adoptedOnBlank')}</span>}</dd>
        <dt>{t('actionPlanFrom')}</dt>
        <dd>{label('planFrom', d.actionPlanFrom)}</dd>
        <dt>{t('deadlinesNow')}</dt>
        <dd>{t('deadlineCounts', { pending: count('pending'), running: count('running'), met: count('met'), overdue: count('overdue') })}</dd>
      </dl>
      {d.starting && <p class="alert info" role="status">{t('decisionStarting')}</p>}
      {!d.adoptedOn && hasRole(me, 'coordinator') && (
        <AdoptForm d={d} onDone={(nd) => { dec.setData(nd); setNotice(() => () => t('adoptedSet', { date: date(nd.adoptedOn) })); }} onStale={dec.reload} />
      )}
      <Card id="dl" title={t('orgDeadlines')}>
        <p class="hint">{t('deadlinesHint', { zone: zoneName('LV') })}</p>
        <Deadlines items={orgDeadlines} caption={t('orgDeadlines')} />
      </Card>
      <Card id="own" title={t('coordinatorTasks')}>
        <Deadlines items={own} caption={t('coordinatorTasks')} />
      </Card>
      <Organisations d={d} />
    </>
  );
}

function Deadlines({ items, caption }) {
  return (
    <Table caption={caption} cols={[t('deadline'), t('colDue'), t('colStatus')]}>
      {items.map((x) => (
        <tr key={x.name} class={x.state === 'overdue' ? 'is-overdue' : ''}>
          <th scope="row" class="measure-title">
            {label('lvDeadline', x.name)} <span class="hint-inline">({x.basis})</span>
            <span class="hint" lang="en">{x.title}</span>
          </th>
          <td>{x.due ? <>{date(x.due)} <span class="hint">{t('endOfDayIn', { zone: zoneName('LV') })}</span></> : <span class="muted">{t('waitsForD')}</span>}</td>
          <td>
            <DeadlineState d={x} />
            {x.problem && <span class="hint">{problemText(x.problem)}</span>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

// AdoptForm: the coordinator sets D, once (PATCH /v1/decisions/{id}); a second setting,
// or one racing another, is 409, told in words with the D now on record.
function AdoptForm({ d, onDone, onStale }) {
  const [on, setOn] = useState('');
  const { err, busy, go, fe } = useSubmit(async () => onDone(await patch(`/v1/decisions/${d.id}`, { adoptedOn: on })));
  const { attrs, Err } = fieldKit(fe, 'ad');
  const already = err && err.status === 409 && /(\d{4}-\d{2}-\d{2})\s*$/.exec((err.problem && err.problem.detail) || '');
  return (
    <form class="card" onSubmit={go} novalidate aria-labelledby="ad-h">
      <h2 id="ad-h">{t('setAdoptedOn')}</h2>
      <div class="field">
        <label for="ad-adoptedOn">{t('adoptedOn')}<span class="req"> ({t('required')})</span></label>
        <input {...attrs('adoptedOn', true)} type="date" aria-required="true" value={on} onInput={(e) => setOn(e.currentTarget.value)} />
        <span class="hint" id="ad-adoptedOn-hint">{t('adoptedOnHint')}</span>
        <Err k="adoptedOn" />
      </div>
      {err && err.status === 409 ? (
        <div class="alert error" role="alert">
          <p>{already ? t('adoptedOnce', { date: date(already[1]) }) : t('err409')}</p>
          <button type="button" onClick={onStale}>{t('reload')}</button>
        </div>
      ) : (
        <ErrorMessage error={err} fields={false} />
      )}
      <button type="submit" class="primary" disabled={busy}>{t('setAdoptedOn')}</button>
    </form>
  );
}

// Organisations: each organisation the decision binds, its place in the hierarchy and
// freeze (read a few at a time), and how far it is with its obligations.
function Organisations({ d }) {
  return (
    <Card id="org" title={t('decisionOrgs')}>
      <Table caption={t('decisionOrgs')} cols={[t('colOrg'), t('orgParent'), t('freezeTitle'), t('obligations')]}>
        {d.obligations.map((o) => <OrgRow key={o.org} o={o} />)}
      </Table>
    </Card>
  );
}

function OrgRow({ o }) {
  const [org, setOrg] = useState(undefined);
  useEffect(() => {
    let live = true;
    limited(() => request(`/v1/orgs/${encodeURIComponent(o.org)}`)).then((r) => live && setOrg(r), () => live && setOrg(null));
    return () => (live = false);
  }, [o.org]);
  const progress = useMemo(() => {
    const out = [];
    if (o.exemption) out.push(t('orgExempt', { ground: o.exemption.ground }));
    if (o.agreed) out.push(t('orgAgreed', { at: dateTime(o.agreed.at, 'LV') }));
    else if (o.submitted) out.push(t('orgSubmitted', { at: dateTime(o.submitted.at, 'LV') }));
    if (o.plan) out.push(t('orgPlan', { version: o.plan.version }));
    return out;
  }, [o]);
  return (
    <tr>
      <th scope="row" class="measure-title">
        <a href={`#/orgs/${encodeURIComponent(o.org)}`}>{org && org.name ? <span lang="lv">{org.name}</span> : o.org}</a>
        <span class="hint">{o.org}</span>
      </th>
      <td>{org === undefined ? '…' : org && org.path && org.path.length ? org.path.join(' → ') : org ? t('orgTop') : '—'}</td>
      <td>
        {org === undefined ? '…' : org && org.freeze ? (
          <>
            <span class="badge overdue">{t('frozen')}</span>
            {org.freeze.via && <span class="hint">{t('frozenVia', { via: org.freeze.via })}</span>}
          </>
        ) : org ? <span class="badge ok">{t('notFrozen')}</span> : '—'}
      </td>
      <td>
        <ul class="plain">
          {o.deadlines.map((x) => (
            <li key={x.name}>
              {label('lvDeadline', x.name)}: <DeadlineState d={x} /> {x.due && <span class="hint-inline">{date(x.due)}</span>}
            </li>
          ))}
        </ul>
        {progress.map((p) => <span class="hint" key={p}>{p}</span>)}
      </td>
    </tr>
  );
}
