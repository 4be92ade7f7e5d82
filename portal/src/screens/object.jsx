import { useState, useEffect, useMemo } from 'preact/hooks';
import { t, label, date, dateTime, today, zoneName } from '../i18n.js';
import { request, post, patch, newKey } from '../api.js';
import { useLoad, Loading, Title, Notice } from '../screen.jsx';
import { hasRole, REVIEWERS } from '../auth.js';
import { ErrorMessage, reasonWords, inWordsAll } from '../errors.jsx';
import { DocKind, DocLine, useUpload, UploadState, ACCEPT } from '../documents.jsx';
import { STAGES, DEV_STAGES, STAGE_BASIS, OBJECT_KINDS, required, next, docsOf } from '../lifecycle.js';
import { Trail } from './application.jsx';
import { missingName, Unplaced } from './objects.jsx';

// The registry's dates are Kazakhstan's (003): a stage's day is a calendar date, and every
// recorded moment is shown in Asia/Almaty.
const KZ = 'KZ';

// ObjectPage: an informatization object, what its next stage needs and the move to it, its
// life cycle as a timeline, warranty, budget gate, documents, development projects, the
// correction of its record and its audit trail (contract part two; 003).
export function ObjectPage({ me, params }) {
  const id = params[0];
  const obj = useLoad(() => request(`/v1/objects/${id}`), [id]);
  const [notice, setNotice] = useState(null);
  const [stale, setStale] = useState(null);
  const [trailKey, setTrailKey] = useState(0);
  if (obj.loading && !obj.data) return <Loading />;
  if (obj.error) return <ErrorMessage error={obj.error} onRetry={obj.reload} />;
  const o = obj.data;
  const owner = hasRole(me, 'applicant') && me.org === o.org;
  // The owner organisation and the reviewing roles read the documents, the budget gate and
  // the trail; the object's supplier sees its record only.
  const canRead = owner || hasRole(me, ...REVIEWERS);
  // A change answers with the object: show it (and the trail anew).
  const changed = (nextObj, text) => {
    setStale(null);
    obj.setData(nextObj);
    setNotice(text || null);
    setTrailKey((k) => k + 1);
  };
  // Someone else changed the object first (409, 412): show the object as it is now.
  const refresh = (err) => {
    setNotice(null);
    setStale(err || null);
    obj.reload();
    setTrailKey((k) => k + 1);
  };
  const docsChanged = () => {
    obj.reload();
    setTrailKey((k) => k + 1);
  };
  const openDev = (o.developments || []).find((d) => d.stage !== 'recommissioned' && d.stage !== 'abandoned');
  const to = next(o.stage);
  const nextStage = owner && to && (
    <NextStage
      key={`${o.stage}-${o.version}`}
      objId={o.id}
      version={o.version}
      current={o.stage}
      to={to}
      funding={o.funding}
      docs={docsOf(o.documents)}
      history={o.stageHistory}
      listed={o.listed}
      openDev={openDev}
      onMoved={(n) => changed(n, t('stageEntered', { stage: label('stage', n.stage) }))}
      onStale={refresh}
      onDocs={docsChanged}
    />
  );
  return (
    <>
      <p class="crumbs">
        <a href="#/objects">{t('objects')}</a>
      </p>
      <Title>
        {o.name} <span class={`badge stage-${o.stage}`}>{label('stage', o.stage)}</span>
        {o.listed && <> <span class="badge ok">{t('objListed')}</span></>}
      </Title>
      <Summary o={o} />
      {notice && <Notice text={notice} />}
      <ErrorMessage error={stale} fields={false} />
      {owner && to && to !== 'terminated' && nextStage}
      {!owner && to && to !== 'terminated' && (
        <p class="alert info" role="status">
          {t('nextStageOthers', { stage: label('stage', to) })}
        </p>
      )}
      <Lifecycle o={o} />
      <Warranty o={o} owner={owner} />
      {canRead && <Budget o={o} key={`b-${o.version}-${o.documents.length}`} />}
      {canRead && <Documents o={o} owner={owner} onChanged={docsChanged} />}
      <Developments o={o} owner={owner} canRead={canRead} onChanged={(n, text) => changed(n, text)} onStale={refresh} onDocs={docsChanged} />
      {/* Termination is the last step of the life cycle, not the page's main action. */}
      {owner && to === 'terminated' && nextStage}
      {owner && <EditRecord o={o} onChanged={(n) => changed(n, t('saved'))} onStale={refresh} />}
      {canRead && <Trail path={`/v1/objects/${o.id}/events`} country={KZ} kind="stage" key={trailKey} />}
    </>
  );
}

function Summary({ o }) {
  return (
    <dl class="meta">
      <dt>{t('objectType')}</dt>
      <dd>{label('type', o.type)}</dd>
      <dt>{t('colOrg')}</dt>
      <dd>{o.org}</dd>
      <dt>{t('objFunding')}</dt>
      <dd>{o.funding ? label('enum', o.funding) : <span class="muted">{t('notRecorded')}</span>}</dd>
      <dt>{t('objSupplier')}</dt>
      <dd>{o.supplier || <span class="muted">{t('noneNamed')}</span>}</dd>
      <dt>{t('objListed')}</dt>
      <dd>
        {o.listed ? t('yes') : t('no')}
        {o.listedAt ? ` — ${dateTime(o.listedAt, KZ)}` : ''}
        {o.listedBy && <> (<a href={`#/applications/${o.listedBy}`}>{t('theApplication')}</a>)</>}
      </dd>
      {o.placement && (
        <>
          <dt>{t('placement')}</dt>
          <dd>
            {label('enum', o.placement.outcome)}: {(o.placement.services || []).map((s) => label('enum', s)).join(', ')}
            {o.placement.note ? ` — ${o.placement.note}` : ''} (<a href={`#/applications/${o.placement.applicationId}`}>{t('theApplication')}</a>)
          </dd>
        </>
      )}
      {o.exclusionApplicationId && (
        <>
          <dt>{t('exclusion')}</dt>
          <dd>
            <a href={`#/applications/${o.exclusionApplicationId}`}>{label('procedure', 'kz-operator-exclusion')}</a>
            {o.excludedAt ? ` — ${dateTime(o.excludedAt, KZ)}` : ''}
          </dd>
        </>
      )}
      <dt>{t('registeredAt')}</dt>
      <dd>
        {dateTime(o.createdAt, KZ)}
        {o.createdBy ? ` — ${o.createdBy}` : ''}
        {o.applicationId && <> (<a href={`#/applications/${o.applicationId}`}>{t('theApplication')}</a>)</>}
      </dd>
    </dl>
  );
}

// --- the next stage --------------------------------------------------------------------------

const lastOn = (history) => {
  for (let i = (history || []).length - 1; i >= 0; i--) if (history[i].on) return history[i].on;
  return null;
};

// NextStage tells what the next stage needs, takes the missing documents right here, and
// moves the object (or a development project, devId) to it with the day it began. Every
// field error of a refusal stands beside its field: `on` beside the date, each missing
// document beside its upload.
function NextStage({ objId, version, current, to, funding, docs, history, listed, openDev, devId, onMoved, onStale, onDocs }) {
  const [on, setOn] = useState(today(KZ));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const base = `/v1/objects/${objId}`;
  const needs = required(to, funding);
  const fe = inWords((err && err.fieldErrors) || {});
  const p = devId ? `dev-${devId}` : 'next';
  const since = lastOn(history);
  const ending = to === 'terminated';
  const have = (kind) => docs.some((d) => d.kind === kind && d.status === 'valid');
  const missing = needs.filter((n) => !have(n.kind));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      // The key is this move on this version: a retry after a lost answer is answered with
      // the first answer; a move refused is not recorded, so trying again is a new request.
      const key = `stage-${objId}-${devId || 'obj'}-v${version}-${to}-${on}`;
      const path = devId ? `${base}/developments/${devId}/stage` : `${base}/stage`;
      const n = await post(path, { to, on }, { key });
      onMoved(n);
    } catch (x) {
      if (x.status === 409 || x.status === 412) return onStale(x);
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const hid = `${p}-h`;
  return (
    <section class={`card next${ending ? ' ending' : ''}`} aria-labelledby={hid}>
      <h2 id={hid}>{devId ? t('devNextStageTitle', { stage: label('stage', to) }) : ending ? t('terminateTitle') : t('nextStageTitle', { stage: label('stage', to) })}</h2>
      <p>
        {t(devId ? 'devStageNow' : 'stageNow', { stage: label('stage', current) })}
        {since && ` ${t('since', { date: date(since) })}`}
        <span class="hint">{t('basis', { basis: STAGE_BASIS[to] })}</span>
      </p>
      {ending && (
        <p class="alert warn">
          {t('terminateWarn')} {listed && t('terminateListed')} {openDev && t('terminateDev')}
        </p>
      )}
      {needs.length === 0 ? (
        <p>{t('noDocsNeeded', { stage: label('stage', to) })}</p>
      ) : (
        <>
          <p>
            {missing.length === 0
              ? t('allDocsThere', { stage: label('stage', to) })
              : t('docsNeeded', { stage: label('stage', to), n: missing.length, total: needs.length })}
          </p>
          <ul class="docs">
            {needs.map((n) => (
              <DocKind key={n.kind} base={base} docs={docs} kind={n.kind} basis={n.basis} canUpload onChanged={onDocs}
                errors={fe[`documents.${n.kind}`]} fid={`${p}-${n.kind}`} extra={devId ? { development: devId } : undefined}
                keyScope={`${objId}-${devId || current}`} />
            ))}
          </ul>
        </>
      )}
      <form onSubmit={submit} novalidate class="move">
        <div class="field">
          <label for={`${p}-on`}>{t('stageOn', { stage: label('stage', to) })}</label>
          <input id={`${p}-on`} type="date" value={on} min={since || undefined} max={today(KZ)} required aria-required="true"
            aria-invalid={fe.on ? 'true' : undefined} aria-describedby={`${p}-on-hint${fe.on ? ` ${p}-on-err` : ''}`}
            onInput={(e) => setOn(e.currentTarget.value)} />
          <span class="hint" id={`${p}-on-hint`}>{t('stageOnHint', { zone: zoneName(KZ) })}</span>
          {fe.on && <span class="field-error" id={`${p}-on-err`}>{fe.on.join('; ')}</span>}
        </div>
        {ending && (
          <div class="check">
            <input type="checkbox" id={`${p}-confirm`} checked={confirm} onChange={(e) => setConfirm(e.currentTarget.checked)} />
            <label for={`${p}-confirm`}>{t('terminateConfirm')}</label>
          </div>
        )}
        <ErrorMessage error={err} fields={false} />
        <Unplaced errors={fe} placed={['on', ...needs.map((n) => `documents.${n.kind}`)]} />
        <button type="submit" class={ending ? '' : 'primary'} disabled={busy || (ending && !confirm)}>
          {ending ? t('terminateButton') : t('moveTo', { stage: label('stage', to) })}
        </button>
      </form>
    </section>
  );
}

// inWords puts the reasons of a refused stage move (the API's, in English) into the
// chosen language where their form is known: a missing document with its basis, a day in
// the future or before the current stage's. Others are shown as the API gave them.
function inWords(fe) {
  const out = {};
  for (const [f, rs] of Object.entries(fe)) {
    out[f] = rs.map((r) => {
      let m;
      if (f.startsWith('documents.') && (m = /required by (.+)$/.exec(r))) return t('reasonDocRequired', { basis: m[1] });
      if (f === 'on' && (m = /in the future \(today is (\d{4}-\d\d-\d\d)\)/.exec(r))) return t('reasonOnFuture', { today: date(m[1]) });
      if (f === 'on' && (m = /^before (\d{4}-\d\d-\d\d)/.exec(r))) return t('reasonOnBefore', { date: date(m[1]) });
      if (f === 'on' && /^required/.test(r)) return t('reasonOnMissing');
      return reasonWords(r);
    });
  }
  return out;
}

// --- the life cycle as a timeline ---------------------------------------------------------------

function Lifecycle({ o }) {
  const path = o.stage === 'terminated' || o.stage === 'operation' ? STAGES : STAGES.filter((s) => s !== 'terminated');
  return (
    <section class="card" aria-labelledby="lc-h">
      <h2 id="lc-h">{t('lifecycle')}</h2>
      <Stages path={path} current={o.stage} history={o.stageHistory} funding={o.funding} />
    </section>
  );
}

// Stages is an ordered list of the path: each stage entered with the day it began, when
// and by whom it was recorded, its basis and the documents the move relied on; the
// current one marked; the ones ahead with what they will need.
function Stages({ path, current, history, funding }) {
  const at = path.indexOf(current);
  const entryOf = (s) => {
    const es = (history || []).filter((h) => h.stage === s);
    return es[es.length - 1];
  };
  return (
    <ol class="lifecycle">
      {path.map((s, i) => {
        const e = entryOf(s);
        const state = i < at ? 'done' : i === at ? 'current' : 'ahead';
        const needs = required(s, funding);
        return (
          <li key={s} class={`lc-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="lc-mark" aria-hidden="true">{state === 'done' ? '✓' : state === 'current' ? '●' : '○'}</span>
            <div>
              <strong>{label('stage', s)}</strong>
              {state === 'current' && <span class="badge current">{t('currentStage')}</span>}
              {e ? (
                <>
                  <br />
                  {e.on ? t('began', { date: date(e.on) }) : t('beganUnknown')}
                  <span class="hint">
                    {t('basis', { basis: e.basis || STAGE_BASIS[s] })} · {t('recorded', { at: dateTime(e.at, KZ), by: e.by || '—' })}
                  </span>
                  {e.documents && Object.keys(e.documents).length > 0 && (
                    <span class="hint">{t('reliedOn', { docs: Object.keys(e.documents).map((k) => label('kind', k)).join(', ') })}</span>
                  )}
                </>
              ) : (
                state === 'ahead' && (
                  <span class="hint">
                    {needs.length ? t('willNeed', { docs: needs.map((n) => label('kind', n.kind)).join(', ') }) : t('needsNothing')} ({STAGE_BASIS[s]})
                  </span>
                )
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

// --- warranty ------------------------------------------------------------------------------

function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

function Warranty({ o, owner }) {
  const w = o.warranty;
  return (
    <section class="card" aria-labelledby="w-h">
      <h2 id="w-h">{t('warranty')}</h2>
      {!w ? (
        <p>{t('warrantyNone')}</p>
      ) : (
        <>
          <dl class="meta">
            <dt>{t('colStatus')}</dt>
            <dd>
              <span class={`badge warranty-${w.state}`}>{label('warranty', w.state)}</span>
              {w.state === 'running' && ` ${t('warrantyLeft', { n: Math.max(0, daysBetween(today(KZ), w.until)) })}`}
            </dd>
            <dt>{t('warrantyFrom')}</dt>
            <dd>{date(w.from)}</dd>
            <dt>{t('warrantyUntil')}</dt>
            <dd>{date(w.until)}</dd>
            {w.coveredFrom && w.coveredFrom !== w.from && (
              <>
                <dt>{t('coveredFrom')}</dt>
                <dd>{date(w.coveredFrom)}</dd>
              </>
            )}
            <dt>{t('warrantyRound')}</dt>
            <dd>{w.developmentId ? t('warrantyAfterDev', { n: w.round }) : w.round}</dd>
          </dl>
          <p class="hint">{t('warrantyBasis')}</p>
          {owner && w.state === 'running' && o.supplier && (
            <p>
              <a href={`#/new?procedure=kz-warranty-claim&object=${o.id}`}>{t('warrantyClaim')}</a>
            </p>
          )}
          {owner && w.state === 'running' && !o.supplier && <p class="hint">{t('warrantyNoSupplier')}</p>}
        </>
      )}
    </section>
  );
}

// --- budget gate -------------------------------------------------------------------------------

function Budget({ o }) {
  const b = useLoad(() => request(`/v1/objects/${o.id}/budget-eligibility`), [o.id]);
  return (
    <section class="card" aria-labelledby="bg-h">
      <h2 id="bg-h">{t('budgetSupport')}</h2>
      {b.loading && <Loading />}
      {b.error && <ErrorMessage error={b.error} onRetry={b.reload} />}
      {b.data &&
        (b.data.eligible ? (
          <p>
            <span class="badge ok">{t('supported')}</span> {t('budgetOk')}
          </p>
        ) : (
          <>
            <p>
              <span class="badge warn">{t('notSupported')}</span> {t('budgetMissing')}
            </p>
            <ul>
              {b.data.missing.map((m) => (
                <li key={m.item}>
                  <strong>{missingName(m.item)}</strong> <span class="hint">({m.basis.split(':')[0]})</span>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

// --- documents ---------------------------------------------------------------------------------

// Documents: every document of the object, with the stage it was kept with (003 §4 ¶2) and
// its verdict, and the upload of any kind (the technical documentation the budget gate
// asks for, or a document a stage will need).
function Documents({ o, owner, onChanged }) {
  const base = `/v1/objects/${o.id}`;
  const docs = o.documents || [];
  const devs = Object.fromEntries((o.developments || []).map((d, i) => [d.id, i + 1]));
  const tdMissing = !o.technicalDocumentation;
  const [kind, setKind] = useState(tdMissing ? 'technical_documentation' : '');
  const { st, send, busy } = useUpload({ base, keyScope: `${o.id}-${o.stage}`, onChanged });
  const [kindErr, setKindErr] = useState(false);
  return (
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">{t('documents')}</h2>
      {docs.length === 0 ? (
        <p>{t('noDocuments')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('documents')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('docKind')}</th>
              <th scope="col">{t('docFile')}</th>
              <th scope="col">{t('keptWith')}</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id}>
                <td>{label('kind', d.kind)}</td>
                <td>
                  <DocLine base={base} summary={d} />
                </td>
                <td>
                  {label('stage', d.stage)}
                  {d.development && <span class="hint">{t('ofDevelopment', { n: devs[d.development] || '' })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {owner && o.stage !== 'terminated' && (
        <form
          class="upload add-doc"
          aria-labelledby="add-doc-h"
          onSubmit={(e) => {
            e.preventDefault();
            const f = e.currentTarget.elements['add-doc-file'].files[0];
            setKindErr(!kind);
            if (f && kind) send(f, kind);
          }}
        >
          <h3 id="add-doc-h">{t('addDocument')}</h3>
          <p class="hint">{t('addDocumentHint')}</p>
          <div class="field">
            <label for="add-doc-kind">{t('docKind')}</label>
            <select id="add-doc-kind" value={kind} aria-invalid={kindErr ? 'true' : undefined} aria-describedby={kindErr ? 'add-doc-kind-err' : undefined}
              onChange={(e) => { setKind(e.currentTarget.value); setKindErr(false); }}>
              <option value="">{t('choose')}</option>
              {OBJECT_KINDS.map((k) => <option value={k} key={k}>{label('kind', k)}</option>)}
            </select>
            {kindErr && <span class="field-error" id="add-doc-kind-err">{t('chooseKind')}</span>}
          </div>
          <div class="field">
            <label for="add-doc-file">{t('chooseFileAny')}</label>
            <input id="add-doc-file" name="add-doc-file" type="file" accept={ACCEPT} />
          </div>
          <button type="submit" disabled={busy}>{t('upload')}</button>
          <UploadState st={st} fid="add-doc" />
        </form>
      )}
    </section>
  );
}

// --- development projects ----------------------------------------------------------------------

function Developments({ o, owner, canRead, onChanged, onStale, onDocs }) {
  const devs = o.developments || [];
  const open = devs.find((d) => d.stage !== 'recommissioned' && d.stage !== 'abandoned');
  return (
    <section class="card" aria-labelledby="dev-h">
      <h2 id="dev-h">{t('developments')}</h2>
      <p class="hint">{t('developmentsHint')}</p>
      {devs.length === 0 && <p>{t('noDevelopments')}</p>}
      {devs.map((d, i) => (
        <div class="development" key={d.id}>
          <h3>
            {t('developmentN', { n: i + 1 })}
            {d.summary ? `: ${d.summary}` : ''} <span class={`badge stage-${d.stage}`}>{label('stage', d.stage)}</span>
          </h3>
          <dl class="meta">
            <dt>{t('performer')}</dt>
            <dd>{label('performer', d.performer)}</dd>
            <dt>{t('objFunding')}</dt>
            <dd>{label('enum', d.funding)}</dd>
            {d.torAgreementId && (
              <>
                <dt>{t('torAgreement')}</dt>
                <dd>
                  <a href={`#/applications/${d.torAgreementId}`}>{label('procedure', 'kz-tor-agreement')}</a>
                </dd>
              </>
            )}
          </dl>
          <Stages path={d.stage === 'abandoned' ? [...DEV_STAGES.slice(0, -1), 'abandoned'] : DEV_STAGES} current={d.stage} history={d.stageHistory} funding={d.funding} />
          {owner && d === open && next(d.stage, DEV_STAGES) && (
            <NextStage
              key={`${d.id}-${d.stage}-${d.version}`}
              objId={o.id}
              version={d.version}
              current={d.stage}
              to={next(d.stage, DEV_STAGES)}
              funding={d.funding}
              docs={canRead ? docsOf(o.documents, d.id) : []}
              history={d.stageHistory}
              devId={d.id}
              onMoved={(n) => onChanged(n, t('devStageEntered', { stage: label('stage', next(d.stage, DEV_STAGES)) }))}
              onStale={onStale}
              onDocs={onDocs}
            />
          )}
        </div>
      ))}
      {owner && !open && o.stage === 'operation' && <StartDevelopment o={o} onChanged={onChanged} onStale={onStale} />}
      {owner && !open && o.stage !== 'operation' && o.stage !== 'terminated' && <p>{t('devAfterOperation')}</p>}
    </section>
  );
}

function StartDevelopment({ o, onChanged, onStale }) {
  const [v, setV] = useState({ performer: '', summary: '', funding: '', initiatedOn: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const key = useMemo(() => newKey('dev'), [o.version]);
  const fe = inWordsAll(err && err.fieldErrors);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = { performer: v.performer };
      if (v.summary.trim()) body.summary = v.summary.trim();
      if (v.funding) body.funding = v.funding;
      if (v.initiatedOn) body.initiatedOn = v.initiatedOn;
      onChanged(await post(`/v1/objects/${o.id}/developments`, body, { key }), t('devStarted'));
    } catch (x) {
      if (x.status === 409) return onStale(x);
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} novalidate class="action" aria-labelledby="sd-h">
      <h3 id="sd-h">{t('startDevelopment')}</h3>
      <fieldset class="group" aria-describedby={`sd-performer-hint${fe.performer ? ' sd-performer-err' : ''}`}>
        <legend>{t('performer')}<span class="req"> ({t('required')})</span></legend>
        {['supplier', 'trustee', 'owner'].map((x) => (
          <div class="check" key={x}>
            <input type="radio" name="sd-performer" id={`sd-performer-${x}`} checked={v.performer === x} aria-invalid={fe.performer ? 'true' : undefined}
              onChange={() => setV({ ...v, performer: x })} />
            <label for={`sd-performer-${x}`}>{label('performer', x)}</label>
          </div>
        ))}
        <span class="hint" id="sd-performer-hint">{t('performerHint')}</span>
        {fe.performer && <span class="field-error" id="sd-performer-err">{fe.performer.join('; ')}</span>}
      </fieldset>
      <div class="field">
        <label for="sd-summary">{t('devSummary')} <span class="req">({t('optional')})</span></label>
        <textarea id="sd-summary" rows={3} maxLength={4000} value={v.summary} aria-invalid={fe.summary ? 'true' : undefined}
          onInput={(e) => setV({ ...v, summary: e.currentTarget.value })} />
        {fe.summary && <span class="field-error">{fe.summary.join('; ')}</span>}
      </div>
      <div class="field">
        <label for="sd-funding">{t('objFunding')}</label>
        <select id="sd-funding" value={v.funding} onChange={(e) => setV({ ...v, funding: e.currentTarget.value })} aria-invalid={fe.funding ? 'true' : undefined}>
          <option value="">{t('fundingAsObject', { funding: o.funding ? label('enum', o.funding) : '—' })}</option>
          {['state_investment', 'own_funds'].map((x) => <option value={x} key={x}>{label('enum', x)}</option>)}
        </select>
        {fe.funding && <span class="field-error">{fe.funding.join('; ')}</span>}
      </div>
      <div class="field">
        <label for="sd-on">{t('devInitiatedOn')} <span class="req">({t('optional')})</span></label>
        <input id="sd-on" type="date" max={today(KZ)} value={v.initiatedOn} aria-invalid={fe.initiatedOn ? 'true' : undefined}
          aria-describedby={fe.initiatedOn ? 'sd-on-err' : undefined} onInput={(e) => setV({ ...v, initiatedOn: e.currentTarget.value })} />
        {fe.initiatedOn && <span class="field-error" id="sd-on-err">{fe.initiatedOn.join('; ')}</span>}
      </div>
      <ErrorMessage error={err} fields={false} />
      <Unplaced errors={fe} placed={['performer', 'summary', 'funding', 'initiatedOn']} />
      <button type="submit" class="primary" disabled={busy}>{t('startDevelopment')}</button>
    </form>
  );
}

// --- correcting the record -------------------------------------------------------------------

// EditRecord: PATCH /v1/objects/{id} with If-Match, so a change made meanwhile by someone
// else is not overwritten (412). The funding route changes only while `initiated` (003 §5).
function EditRecord({ o, onChanged, onStale }) {
  const initial = () => ({ name: o.name, supplier: o.supplier || '', funding: o.funding || '' });
  const [v, setV] = useState(initial);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setV(initial()), [o.version]);
  const fundingOpen = o.stage === 'initiated' || !o.funding;
  const fe = inWordsAll(err && err.fieldErrors);
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    if (v.name.trim() !== o.name) body.name = v.name.trim();
    if (v.supplier.trim() !== (o.supplier || '')) body.supplier = v.supplier.trim();
    if (fundingOpen && v.funding && v.funding !== o.funding) body.funding = v.funding;
    if (!Object.keys(body).length) return setErr({ status: 'nochange' });
    setBusy(true);
    setErr(null);
    try {
      onChanged(await patch(`/v1/objects/${o.id}`, body, { ifMatch: `"v${o.version}"` }));
    } catch (x) {
      if (x.status === 412 || x.status === 409) return onStale(x);
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="edit-h">
      <h2 id="edit-h">{t('editRecord')}</h2>
      <form onSubmit={submit} novalidate>
        <div class="field">
          <label for="ed-name">{t('objectName')}</label>
          <input id="ed-name" maxLength={500} value={v.name} aria-invalid={fe.name ? 'true' : undefined} aria-describedby={fe.name ? 'ed-name-err' : undefined}
            onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />
          {fe.name && <span class="field-error" id="ed-name-err">{fe.name.join('; ')}</span>}
        </div>
        <div class="field">
          <label for="ed-supplier">{t('objSupplier')}</label>
          <input id="ed-supplier" maxLength={100} value={v.supplier} aria-invalid={fe.supplier ? 'true' : undefined}
            aria-describedby={`ed-supplier-hint${fe.supplier ? ' ed-supplier-err' : ''}`} onInput={(e) => setV({ ...v, supplier: e.currentTarget.value })} />
          <span class="hint" id="ed-supplier-hint">{t('supplierEditHint')}</span>
          {fe.supplier && <span class="field-error" id="ed-supplier-err">{fe.supplier.join('; ')}</span>}
        </div>
        <div class="field">
          <label for="ed-funding">{t('objFunding')}</label>
          <select id="ed-funding" value={v.funding} disabled={!fundingOpen} aria-describedby="ed-funding-hint" aria-invalid={fe.funding ? 'true' : undefined}
            onChange={(e) => setV({ ...v, funding: e.currentTarget.value })}>
            {!o.funding && <option value="">{t('choose')}</option>}
            {['state_investment', 'own_funds'].map((x) => <option value={x} key={x}>{label('enum', x)}</option>)}
          </select>
          <span class="hint" id="ed-funding-hint">{fundingOpen ? t('fundingHint') : t('fundingFixed')}</span>
          {fe.funding && <span class="field-error">{fe.funding.join('; ')}</span>}
        </div>
        {err && err.status === 'nochange' ? <p class="alert info" role="status">{t('nothingChanged')}</p> : <ErrorMessage error={err} fields={false} />}
        {err && err.fieldErrors && <Unplaced errors={fe} placed={['name', 'supplier', 'funding']} />}
        <button type="submit" disabled={busy}>{t('save')}</button>
      </form>
    </section>
  );
}
