import { useState, useMemo } from 'preact/hooks';
import { t, label, date, dateTime, today, getLang } from '../i18n.js';
import { request, post, newKey } from '../api.js';
import { useLoad, usePaged, useSubmit, NotLoaded, Loading, Title, Notice, OverdueBadge, Card, Table, Paged } from '../screen.jsx';
import { hasRole } from '../auth.js';
import { ErrorMessage, fieldKit } from '../errors.jsx';
import { Unplaced } from './objects.jsx';

// Compliance monitoring of ICT projects (004 ¶19–¶29, contract part two): the state
// body's projects and their stages, the service integrator's assessments against each
// stage's check set with the three-level conclusion (¶22–¶26), the recommendations watched
// to their due dates (¶25, ¶28.2), the risk factors R1–R5 (¶28), and the monitoring
// reports frozen as snapshots and coordinated by the authorized body (¶26–¶27).

// Who takes part: the project's own organisation, the service integrator who monitors,
// and the authorized body who coordinates.
export const MONITORS = ['applicant', 'service_integrator', 'authorized_body'];
const STAGE_ORDER = ['planning', 'investment', 'post_investment', 'closed'];

// The check sets, levels and risk factors are data the API serves (GET
// /v1/monitoring/checks); they change only with a deploy, so they are read once.
let decl = null;
function declaration() {
  if (!decl) {
    decl = request('/v1/monitoring/checks', { auth: false });
    decl.catch(() => (decl = null));
  }
  return decl;
}

// The seed's own Kazakh wording beside the digest's English, and the English marked as
// such when the page is in another language.
function LegalText({ text, textKk }) {
  const kk = getLang() === 'kk';
  return (
    <>
      <span lang={kk ? 'kk' : 'en'}>{kk ? textKk : text}</span>
      {!kk && textKk && <span class="hint" lang="kk">{textKk}</span>}
    </>
  );
}

export const LevelBadge = ({ level }) =>
  level ? <span class={`badge ${level === 3 ? 'ok' : level === 2 ? 'warn' : 'overdue'}`}>{label('level', String(level))}</span> : <span class="muted">{t('notAssessed')}</span>;
const StageBadge = ({ stage }) => <span class={`badge stage-${stage}`}>{label('projStage', stage)}</span>;

// --- projects -------------------------------------------------------------------------

export function Projects({ me }) {
  const list = usePaged('/v1/projects?limit=50');
  return (
    <>
      <Title>{t('projects')}</Title>
      <p class="lead">{t('projectsLead')}</p>
      <p>
        {hasRole(me, 'applicant') && <a class="button primary" href="#/projects/new">{t('newProject')}</a>}{' '}
        {hasRole(me, 'service_integrator', 'authorized_body') && <a class="button" href="#/monitoring-reports">{t('monitoringReports')}</a>}
      </p>
      <Paged list={list} empty={t('noProjects')}>
        {(items) => (
          <Table caption={t('projects')} shown cols={[t('projectName'), t('colOrg'), t('projStage'), t('latestLevel'), t('colUpdated')]}>
            {items.map((p) => (
              <tr key={p.id}>
                <td><a href={`#/projects/${p.id}`}>{p.name}</a></td>
                <td>{p.org}</td>
                <td><StageBadge stage={p.stage} /></td>
                <td><LevelBadge level={p.level} /></td>
                <td>{dateTime(p.updatedAt, 'KZ')}</td>
              </tr>
            ))}
          </Table>
        )}
      </Paged>
    </>
  );
}

// NewProject opens a project of the caller's organisation in stage planning, linked to
// registry objects of its own (POST /v1/projects).
export function NewProject({ me }) {
  const [name, setName] = useState('');
  const [ids, setIds] = useState([]);
  const objects = useLoad(() => (hasRole(me, 'applicant') ? request('/v1/objects?limit=200') : Promise.resolve({ items: [] })), []);
  // One key per form: a retry after a lost answer opens the project once.
  const key = useMemo(() => newKey('project'), []);
  const s = useSubmit(async () => {
    const p = await post('/v1/projects', { name: name.trim(), objectIds: ids }, { key });
    location.hash = `#/projects/${p.id}`;
  });
  if (!hasRole(me, 'applicant')) {
    return (
      <>
        <Title>{t('newProject')}</Title>
        <p class="alert info" role="status">{t('newProjectApplicantOnly')}</p>
      </>
    );
  }
  const { field } = fieldKit(s.fe, 'np');
  const objErrs = Object.entries(s.fe).filter(([f]) => f.startsWith('objectIds'));
  return (
    <>
      <Title>{t('newProject')}</Title>
      <p class="lead">{t('newProjectLead')}</p>
      <form onSubmit={s.go} novalidate class="card">
        {field({ k: 'name', title: t('projectName'), req: true }, (a) => <input {...a} maxLength={300} value={name} onInput={(e) => setName(e.currentTarget.value)} />)}
        <fieldset class="group" aria-describedby="np-objects-hint">
          <legend>{t('projectObjects')} <span class="req">({t('optional')})</span></legend>
          {objects.loading && <Loading />}
          {objects.error && <ErrorMessage error={objects.error} onRetry={objects.reload} />}
          {objects.data && objects.data.items.length === 0 && <p>{t('noObjects')}</p>}
          {objects.data &&
            objects.data.items.map((o) => (
              <div class="check" key={o.id}>
                <input type="checkbox" id={`np-obj-${o.id}`} checked={ids.includes(o.id)}
                  onChange={(e) => setIds(e.currentTarget.checked ? [...ids, o.id] : ids.filter((x) => x !== o.id))} />
                <label for={`np-obj-${o.id}`}>{o.name} <span class="hint-inline">({label('stage', o.stage)})</span></label>
              </div>
            ))}
          <span class="hint" id="np-objects-hint">{t('projectObjectsHint')}</span>
          {objErrs.map(([f, rs]) => <span class="field-error" key={f}>{rs.join('; ')}</span>)}
        </fieldset>
        <ErrorMessage error={s.err} fields={false} />
        <Unplaced errors={s.fe} placed={['name', 'objectIds']} />
        <button type="submit" class="primary" disabled={s.busy}>{t('openProject')}</button>{' '}
        <a href="#/projects">{t('cancel')}</a>
      </form>
    </>
  );
}

export function ProjectPage({ me, params }) {
  const id = params[0];
  const proj = useLoad(() => Promise.all([request(`/v1/projects/${id}`), declaration()]), [id]);
  // A notice is worded when shown, so it follows a change of language.
  const [notice, setNotice] = useState(null);
  if (proj.error || !proj.data) return <NotLoaded load={proj} title={t('project')} />;
  const [p, d] = proj.data;
  // words: a function that words the notice when shown.
  const changed = (np, words) => {
    proj.setData([np, d]);
    setNotice(() => words);
  };
  const owner = hasRole(me, 'applicant') && me.org === p.org;
  const si = hasRole(me, 'service_integrator');
  const riskTaker = hasRole(me, 'service_integrator', 'authorized_body');
  return (
    <>
      <p class="crumbs"><a href="#/projects">{t('projects')}</a></p>
      <Title>{p.name}</Title>
      {notice && <Notice text={notice()} />}
      <dl class="meta">
        <dt>{t('colOrg')}</dt>
        <dd>{p.org}</dd>
        <dt>{t('projStage')}</dt>
        <dd>
          <StageBadge stage={p.stage} />{' '}
          <span class="hint-inline">{t('since', { date: dateTime(p.stageHistory[p.stageHistory.length - 1].at, 'KZ') })}</span>
        </dd>
        <dt>{t('latestLevel')}</dt>
        <dd><LevelBadge level={p.level} /></dd>
        {p.objectIds.length > 0 && (
          <>
            <dt>{t('projectObjects')}</dt>
            <dd>{p.objectIds.map((o, i) => <span key={o}>{i > 0 && ', '}<a href={`#/objects/${o}`}>{o}</a></span>)}</dd>
          </>
        )}
      </dl>
      {owner && p.stage !== 'closed' && <MoveStage p={p} onDone={(np) => changed(np, () => t('stageMoved', { stage: label('projStage', np.stage) }))} />}
      <Recommendations p={p} owner={owner} onDone={(words) => { proj.reload(); setNotice(() => words); }} />
      <Assessments p={p} d={d} />
      {si && p.stage !== 'closed' && <AssessForm key={`${p.stage}-${p.version}`} p={p} d={d} onDone={(np) => changed(np, () => t('assessmentRecorded'))} />}
      <Risks p={p} d={d} />
      {riskTaker && <RiskForm key={p.version} p={p} d={d} onDone={(np) => changed(np, () => t('riskRecorded'))} />}
    </>
  );
}

function MoveStage({ p, onDone }) {
  const to = STAGE_ORDER[STAGE_ORDER.indexOf(p.stage) + 1];
  const key = useMemo(() => newKey('stage'), [p.version]);
  const s = useSubmit(async () => onDone(await post(`/v1/projects/${p.id}/stage`, { to }, { key })));
  return (
    <Card id="ms" title={t('nextStage', { stage: label('projStage', to) })}>
      <p class="hint">{t('stageMoveHint')}</p>
      <ErrorMessage error={s.err} />
      <button type="button" class="primary" disabled={s.busy} onClick={s.go}>{t('moveProjectTo', { stage: label('projStage', to) })}</button>
    </Card>
  );
}

function Recommendations({ p, owner, onDone }) {
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState('');
  const mark = async (r) => {
    setBusy(r.id);
    setErr(null);
    try {
      await post(`/v1/recommendations/${r.id}/implemented`, undefined);
      onDone(() => t('recImplemented'));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy('');
    }
  };
  return (
    <Card id="rec" title={t('recommendations')}>
      <p class="hint">{t('recommendationsHint')}</p>
      <ErrorMessage error={err} />
      {p.recommendations.length === 0 ? (
        <p>{t('noRecommendations')}</p>
      ) : (
        <Table caption={t('recommendations')}
          cols={[t('recommendation'), t('projStage'), t('colDue'), t('colStatus'), owner && <span class="visually-hidden">{t('actions')}</span>]}>
          {p.recommendations.map((r) => (
            <tr key={r.id} class={r.state === 'overdue' ? 'is-overdue' : ''}>
              <td>{r.text}</td>
              <td>{label('projStage', r.stage)}</td>
              <td>{date(r.dueOn)}</td>
              <td>
                {r.state === 'overdue' ? <OverdueBadge /> : <span class={`badge ${r.state === 'implemented' ? 'ok' : ''}`}>{label('recState', r.state)}</span>}
                {r.implementedAt && <span class="hint">{dateTime(r.implementedAt, 'KZ')}</span>}
              </td>
              {owner && (
                <td>
                  {r.state !== 'implemented' && (
                    <button type="button" disabled={busy === r.id} onClick={() => mark(r)}>
                      {t('markImplemented')}<span class="visually-hidden">: {r.text}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function Assessments({ p, d }) {
  const codes = (stage) => ((d.stages.find((s) => s.stage === stage) || {}).checks || []).map((c) => c.code);
  return (
    <Card id="as" title={t('assessments')} empty={p.assessments.length === 0 && t('noAssessments')}>
      <Table caption={t('assessments')} cols={[t('assessedOn'), t('projStage'), t('checks'), t('conclusion')]}>
        {p.assessments.map((a) => (
          <tr key={a.id}>
            <td>{date(a.on)}</td>
            <td>{label('projStage', a.stage)}</td>
            <td class="badges">
              {codes(a.stage).map((c) => (
                <span key={c} class={`badge ${a.checks[c] ? 'ok' : 'warn'}`}>{c}: {a.checks[c] ? t('holds') : t('doesNotHold')}</span>
              ))}
            </td>
            <td><LevelBadge level={a.level} /></td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

// AssessForm: the service integrator assesses the current stage against its check set
// and concludes on one of the three levels; levels 1 and 2 carry recommendations with
// due dates (004 ¶25), level 3 needs every check to hold.
function AssessForm({ p, d, onDone }) {
  const stage = d.stages.find((s) => s.stage === p.stage);
  const [checks, setChecks] = useState(() => Object.fromEntries(stage.checks.map((c) => [c.code, false])));
  const [level, setLevel] = useState(0);
  const [recs, setRecs] = useState([]);
  const key = useMemo(() => newKey('assess'), []);
  const s = useSubmit(async () => {
    const body = { stage: p.stage, checks, level, recommendations: recs.map((r) => ({ text: r.text.trim(), dueOn: r.dueOn })) };
    onDone(await post(`/v1/projects/${p.id}/assessments`, body, { key }));
  });
  const { id, Err } = fieldKit(s.fe, 'as');
  const setRec = (i, k) => (e) => setRecs(recs.map((r, j) => (j === i ? { ...r, [k]: e.currentTarget.value } : r)));
  const rk = (i, k) => `recommendations[${i}].${k}`;
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="af-h">
      <h2 id="af-h">{t('assessStage', { stage: label('projStage', p.stage) })}</h2>
      <p class="hint">{t('basis', { basis: stage.basis })}</p>
      <fieldset class="group">
        <legend>{t('checksLegend')}</legend>
        {stage.checks.map((c) => (
          <div class="check long" key={c.code}>
            <input type="checkbox" id={id(`checks.${c.code}`)} checked={checks[c.code]}
              aria-invalid={s.fe[`checks.${c.code}`] ? 'true' : undefined}
              aria-describedby={`${id(`checks.${c.code}`)}-hint${s.fe[`checks.${c.code}`] ? ` ${id(`checks.${c.code}`)}-err` : ''}`}
              onChange={(e) => setChecks({ ...checks, [c.code]: e.currentTarget.checked })} />
            <label for={id(`checks.${c.code}`)}>
              <strong>{c.code}</strong> <LegalText text={c.text} textKk={c.textKk} />
            </label>
            <span class="hint" id={`${id(`checks.${c.code}`)}-hint`}>{t('basis', { basis: c.basis })}</span>
            <Err k={`checks.${c.code}`} />
          </div>
        ))}
      </fieldset>
      <fieldset class="group" aria-describedby={s.fe.level ? `${id('level')}-err` : undefined}>
        <legend>{t('conclusion')}<span class="req"> ({t('required')})</span></legend>
        {d.levels.map((l) => (
          <div class="check" key={l.level}>
            <input type="radio" name="as-level" id={`as-level-${l.level}`} checked={level === l.level} aria-invalid={s.fe.level ? 'true' : undefined}
              onChange={() => setLevel(l.level)} />
            <label for={`as-level-${l.level}`}>
              {label('level', String(l.level))} <span class="hint-inline">({l.basis}{l.recommendationsRequired ? `; ${t('recsRequiredShort')}` : ''})</span>
            </label>
            <span class="hint" lang="kk">{l.textKk}</span>
          </div>
        ))}
        <Err k="level" />
      </fieldset>
      <fieldset class="group" aria-describedby={`${id('recommendations')}-hint${s.fe.recommendations ? ` ${id('recommendations')}-err` : ''}`}>
        <legend>{t('recommendations')}</legend>
        <span class="hint" id={`${id('recommendations')}-hint`}>{t('recsFormHint')}</span>
        {recs.map((r, i) => (
          <div class="row rec" key={i}>
            <div class="field">
              <label for={id(rk(i, 'text'))}>{t('recommendationN', { n: i + 1 })}<span class="req"> ({t('required')})</span></label>
              <textarea id={id(rk(i, 'text'))} rows={2} maxLength={4000} value={r.text} onInput={setRec(i, 'text')}
                aria-invalid={s.fe[rk(i, 'text')] ? 'true' : undefined} aria-describedby={s.fe[rk(i, 'text')] ? `${id(rk(i, 'text'))}-err` : undefined} />
              <Err k={rk(i, 'text')} />
            </div>
            <div class="field">
              <label for={id(rk(i, 'dueOn'))}>{t('dueOn')}<span class="req"> ({t('required')})</span></label>
              <input type="date" id={id(rk(i, 'dueOn'))} min={today('KZ')} value={r.dueOn} onInput={setRec(i, 'dueOn')}
                aria-invalid={s.fe[rk(i, 'dueOn')] ? 'true' : undefined} aria-describedby={s.fe[rk(i, 'dueOn')] ? `${id(rk(i, 'dueOn'))}-err` : undefined} />
              <Err k={rk(i, 'dueOn')} />
            </div>
            <button type="button" onClick={() => setRecs(recs.filter((_, j) => j !== i))}>
              {t('removeItem')}<span class="visually-hidden"> {t('recommendationN', { n: i + 1 })}</span>
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setRecs([...recs, { text: '', dueOn: '' }])}>{t('addRecommendation')}</button>
        <Err k="recommendations" />
      </fieldset>
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['checks', 'level', 'recommendations']} />
      <button type="submit" class="primary" disabled={s.busy}>{t('recordAssessment')}</button>
    </form>
  );
}

function Risks({ p, d }) {
  const name = (code) => label('risk', code);
  return (
    <Card id="rk" title={t('risks')} empty={p.risks.length === 0 && t('noRisks')}>
      <Table caption={t('risks')} cols={[t('riskFactor'), t('evidence'), t('recordedOn')]}>
        {p.risks.map((r) => (
          <tr key={r.id}>
            <td>
              <strong>{r.factor}</strong> {name(r.factor)}
              <span class="hint">{t('basis', { basis: (d.riskFactors.find((f) => f.code === r.factor) || {}).basis })}</span>
            </td>
            <td>
              {r.evidence}
              {r.budget && (
                <span class="hint">
                  {t('budgetOverrun', { planned: r.budget.planned.toLocaleString(getLang()), actual: r.budget.actual.toLocaleString(getLang()), pct: Math.round(r.overrunPercent * 10) / 10 })}
                </span>
              )}
            </td>
            <td>{date(r.on)} <span class="hint">{label('role', r.by.role)}</span></td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

// RiskForm: the authorized body or the service integrator records a risk factor with its
// evidence; R3 with the planned and actual budget (¶28.3).
function RiskForm({ p, d, onDone }) {
  const [v, setV] = useState({ factor: '', evidence: '', planned: '', actual: '' });
  const key = useMemo(() => newKey('risk'), []);
  const s = useSubmit(async () => {
    const body = { factor: v.factor, evidence: v.evidence.trim() };
    if (v.factor === 'R3') body.budget = { planned: Number(v.planned), actual: Number(v.actual) };
    onDone(await post(`/v1/projects/${p.id}/risks`, body, { key }));
  });
  const { attrs, Err, field } = fieldKit(s.fe, 'rf');
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  const f = d.riskFactors.find((x) => x.code === v.factor);
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="rf-h">
      <h2 id="rf-h">{t('recordRisk')}</h2>
      <div class="field">
        <label for="rf-factor">{t('riskFactor')}<span class="req"> ({t('required')})</span></label>
        <select {...attrs('factor', !!f)} aria-required="true" value={v.factor} onChange={set('factor')}>
          <option value="">{t('choose')}</option>
          {d.riskFactors.map((x) => <option value={x.code} key={x.code}>{x.code} — {label('risk', x.code)}</option>)}
        </select>
        {f && <span class="hint" id="rf-factor-hint">{t('basis', { basis: f.basis })}{f.note ? ` — ${f.note}` : ''}</span>}
        <Err k="factor" />
      </div>
      {field({ k: 'evidence', title: t('evidence'), req: true }, (a) => <textarea {...a} rows={3} maxLength={4000} value={v.evidence} onInput={set('evidence')} />)}
      {v.factor === 'R3' && (
        <fieldset class="group">
          <legend>{t('budget')}</legend>
          {['planned', 'actual'].map((k) => (
            <div class="field" key={k}>
              <label for={`rf-budget_${k}`}>{t(`budget_${k}`)}<span class="req"> ({t('required')})</span></label>
              <input {...attrs(`budget.${k}`)} type="number" min="0" value={v[k]} onInput={set(k)} />
              <Err k={`budget.${k}`} />
            </div>
          ))}
          <Err k="budget" />
        </fieldset>
      )}
      <ErrorMessage error={s.err} fields={false} />
      <Unplaced errors={s.fe} placed={['factor', 'evidence', 'budget']} />
      <button type="submit" disabled={s.busy}>{t('recordRisk')}</button>
    </form>
  );
}

// --- monitoring reports ---------------------------------------------------------------

export function MonitoringReports({ me }) {
  const list = usePaged('/v1/monitoring-reports?limit=50');
  return (
    <>
      <p class="crumbs"><a href="#/projects">{t('projects')}</a></p>
      <Title>{t('monitoringReports')}</Title>
      <p class="lead">{t('reportsLead')}</p>
      {hasRole(me, 'service_integrator') && <FreezeReport />}
      <Paged list={list} empty={t('noMonitoringReports')}>
        {(items) => (
          <Table caption={t('monitoringReports')} shown cols={[t('period'), t('colStatus'), t('reportMadeAt'), t('assessments')]}>
            {items.map((r) => (
              <tr key={r.id}>
                <td><a href={`#/monitoring-reports/${r.id}`}>{r.period}</a> <span class="hint">{date(r.from)} — {date(r.to)}</span></td>
                <td><ReportStatus r={r} /></td>
                <td>{dateTime(r.createdAt, 'KZ')}</td>
                <td>{r.totals.assessments}</td>
              </tr>
            ))}
          </Table>
        )}
      </Paged>
    </>
  );
}

const ReportStatus = ({ r }) => <span class={`badge ${r.status === 'coordinated' ? 'ok' : ''}`}>{label('reportStatus', r.status)}</span>;

// FreezeReport: the service integrator freezes the report of a year or a quarter (¶26).
function FreezeReport() {
  const [period, setPeriod] = useState('');
  const key = useMemo(() => newKey('report'), [period]);
  const s = useSubmit(async () => {
    const r = await post('/v1/monitoring-reports', { period: period.trim() }, { key });
    location.hash = `#/monitoring-reports/${r.id}`;
  });
  const { field } = fieldKit(s.fe, 'fr');
  return (
    <form class="card" onSubmit={s.go} novalidate aria-labelledby="fr-h">
      <h2 id="fr-h">{t('freezeReport')}</h2>
      {field({ k: 'period', title: t('period'), req: true, hint: t('periodHint') }, (a) => <input {...a} value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />)}
      {s.err && s.err.status === 409 ? <p class="alert error" role="alert">{t('reportExists')}</p> : <ErrorMessage error={s.err} fields={false} />}
      <Unplaced errors={s.fe} placed={['period']} />
      <button type="submit" class="primary" disabled={s.busy}>{t('freezeReport')}</button>
    </form>
  );
}

// download reads a report in one of its forms with the caller's token (the links would
// go without it) and hands it to the browser as a download.
async function download(id, format, name) {
  const res = await request(`/v1/monitoring-reports/${id}?format=${format}`, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function MonitoringReportPage({ me, params }) {
  const id = params[0];
  const rep = useLoad(() => request(`/v1/monitoring-reports/${id}`), [id]);
  // A notice is worded when shown, so it follows a change of language.
  const [notice, setNotice] = useState(null);
  const [err, setErr] = useState(null);
  const key = useMemo(() => newKey('coordinate'), [id]);
  const coord = useSubmit(async () => {
    rep.setData(await post(`/v1/monitoring-reports/${id}/coordinate`, undefined, { key }));
    setNotice(() => () => t('reportCoordinated'));
  });
  if (rep.error || !rep.data) return <NotLoaded load={rep} title={t('monitoringReport')} />;
  const r = rep.data;
  const tot = r.totals;
  // Each form is a download: the printable HTML carries its own styles, which the
  // portal's page (its Content-Security-Policy) would not apply inside it.
  const get = (format) => async () => {
    setErr(null);
    try {
      await download(id, format, `monitoring-report-${r.period}.${format}`);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <>
      <p class="crumbs"><a href="#/monitoring-reports">{t('monitoringReports')}</a></p>
      <Title>{t('monitoringReportOf', { period: r.period })}</Title>
      {notice && <Notice text={notice()} />}
      <dl class="meta">
        <dt>{t('period')}</dt>
        <dd>{date(r.from)} — {date(r.to)} <span class="hint-inline">(Asia/Almaty)</span></dd>
        <dt>{t('colStatus')}</dt>
        <dd>
          <ReportStatus r={r} /> {r.coordinatedAt && <span class="hint-inline">{dateTime(r.coordinatedAt, 'KZ')}</span>}
        </dd>
        <dt>{t('reportMadeAt')}</dt>
        <dd>{dateTime(r.createdAt, 'KZ')}{r.content && !r.content.complete && <span class="hint">{t('reportIncomplete')}</span>}</dd>
        <dt>{t('assessments')}</dt>
        <dd>{t('reportLevels', { n: tot.assessments, l1: tot.levels['1'] || 0, l2: tot.levels['2'] || 0, l3: tot.levels['3'] || 0 })}</dd>
        <dt>{t('recommendations')}</dt>
        <dd>{t('reportRecs', { open: tot.recommendations.open || 0, overdue: tot.recommendations.overdue || 0 })}</dd>
        <dt>{t('risks')}</dt>
        <dd>{Object.entries(tot.risks || {}).map(([k, n]) => `${k}: ${n}`).join(', ') || t('none')}</dd>
        <dt>{t('snapshot')}</dt>
        <dd class="filename">SHA-256 {r.snapshot.sha256.slice(0, 16)}…</dd>
      </dl>
      <p class="hint">{t('reportFrozenHint')}</p>
      <p>
        <button type="button" onClick={get('json')}>{t('downloadJson')}</button>{' '}
        <button type="button" onClick={get('csv')}>{t('downloadReportCsv')}</button>{' '}
        <button type="button" onClick={get('html')}>{t('downloadPrintable')}</button>
      </p>
      <ErrorMessage error={err} />
      {hasRole(me, 'authorized_body') && r.status === 'submitted' && (
        <Card id="co" title={t('coordinateReport')}>
          <p class="hint">{t('coordinateHint')}</p>
          {coord.err && coord.err.status === 409 ? <p class="alert error" role="alert">{t('alreadyCoordinated')}</p> : <ErrorMessage error={coord.err} />}
          <button type="button" class="primary" disabled={coord.busy} onClick={coord.go}>{t('coordinateReport')}</button>
        </Card>
      )}
    </>
  );
}
