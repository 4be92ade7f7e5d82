import { useState, useEffect, useMemo } from 'preact/hooks';
import { t, label, date, today } from '../i18n.js';
import { request, post, newKey, limited } from '../api.js';
import { usePaged, Loading, Title } from '../screen.jsx';
import { hasRole, REVIEWERS } from '../auth.js';
import { ErrorMessage, fieldName, inWordsAll, fieldKit } from '../errors.jsx';
import { STAGES } from '../lifecycle.js';

// The registry's objects (contract part two, "Objects and their life cycle"): an
// applicant's organisation's, a supplier's, or for the reviewing roles every object; by
// stage, with the reviewers' queue of objects in operation whose expenses the budget gate
// does not support (003 §18, 004 ¶18).
export function Objects({ me }) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const [stage, setStage] = useState(q.get('stage') || '');
  const [notEligible, setNotEligible] = useState(q.get('eligible') === 'false');
  const url = `/v1/objects?limit=50${notEligible ? '&eligible=false' : stage ? `&stage=${stage}` : ''}`;
  const list = usePaged(url);
  // The filters are kept in the address, so a reload or a shared link shows the same list.
  useEffect(() => {
    const p = new URLSearchParams();
    if (notEligible) p.set('eligible', 'false');
    else if (stage) p.set('stage', stage);
    const want = `#/objects${p.toString() ? `?${p}` : ''}`;
    if (location.hash !== want) history.replaceState(null, '', want);
  }, [stage, notEligible]);
  // A supplier sees objects of several organisations, and no budget gate (403 to it).
  const reviewer = hasRole(me, ...REVIEWERS, 'supplier');
  const budget = hasRole(me, 'applicant', ...REVIEWERS);
  const items = list.items;
  return (
    <>
      <Title>{t('objects')}</Title>
      <p class="lead">{t('objectsLead')}</p>
      {hasRole(me, 'applicant') && (
        <p>
          <a class="button primary" href="#/objects/new">{t('newObjectTitle')}</a>
        </p>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters')}>
        <div class="field">
          <label for="obj-stage">{t('objStage')}</label>
          <select id="obj-stage" value={notEligible ? '' : stage} disabled={notEligible} aria-describedby={notEligible ? 'obj-stage-hint' : undefined}
            onChange={(e) => setStage(e.currentTarget.value)}>
            <option value="">{t('allStages')}</option>
            {STAGES.map((s) => (
              <option value={s} key={s}>{label('stage', s)}</option>
            ))}
          </select>
          {notEligible && <span class="hint" id="obj-stage-hint">{t('notEligibleStageHint')}</span>}
        </div>
        {budget && (
          <div class="check">
            <input type="checkbox" id="obj-noteligible" checked={notEligible} onChange={(e) => setNotEligible(e.currentTarget.checked)} />
            <label for="obj-noteligible">{t('notEligibleOnly')}</label>
          </div>
        )}
      </form>
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <p>{notEligible ? t('noNotEligible') : t('noObjects')}</p>}
      {items.length > 0 && (
        <table>
          <caption>{notEligible ? t('notEligibleCaption') : stage ? t('objectsInStage', { stage: label('stage', stage) }) : t('objects')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('objectName')}</th>
              <th scope="col">{t('objectType')}</th>
              {reviewer && <th scope="col">{t('colOrg')}</th>}
              <th scope="col">{t('objStage')}</th>
              <th scope="col">{t('objListedShort')}</th>
              {budget && <th scope="col">{t('budgetSupport')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <ObjectRow key={o.id} o={o} reviewer={reviewer} budget={budget} known={notEligible ? false : undefined} />
            ))}
          </tbody>
        </table>
      )}
      {list.cursor && (
        <button type="button" onClick={list.loadMore}>
          {t('moreItems')}
        </button>
      )}
      <ErrorMessage error={list.moreErr} />
    </>
  );
}

function ObjectRow({ o, reviewer, budget, known }) {
  const since = (o.stageHistory || []).length ? o.stageHistory[o.stageHistory.length - 1].on : null;
  return (
    <tr>
      <td>
        <a href={`#/objects/${o.id}`}>{o.name}</a>
      </td>
      <td>{label('type', o.type)}</td>
      {reviewer && <td>{o.org}</td>}
      <td>
        <span class={`badge stage-${o.stage}`}>{label('stage', o.stage)}</span>
        {since && <span class="hint">{t('since', { date: date(since) })}</span>}
      </td>
      <td>{o.listed ? t('yes') : t('no')}</td>
      {budget && (
        <td>
          <Eligibility o={o} known={known} />
        </td>
      )}
    </tr>
  );
}

// Eligibility reads the object's budget gate (list records carry no verdict), a few rows at
// a time; in the not-eligible queue the verdict is known before the answer.
function Eligibility({ o, known }) {
  const [got, setV] = useState(undefined);
  useEffect(() => {
    let live = true;
    limited(() => request(`/v1/objects/${o.id}/budget-eligibility`)).then((r) => live && setV(r), () => live && setV(null));
    return () => (live = false);
  }, [o.id, o.version]);
  // In the queue the verdict is known at once; what is missing follows.
  const v = got || (known === false ? { eligible: false } : got);
  if (v === null) return '—';
  if (v === undefined) return '…';
  return v.eligible ? (
    <span class="badge ok">{t('supported')}</span>
  ) : (
    <span class="badge warn">
      {t('notSupported')}
      {v.missing && `: ${v.missing.map((m) => missingName(m.item)).join(', ')}`}
    </span>
  );
}

export function missingName(item) {
  if (item.startsWith('documents.')) return label('kind', item.slice(10));
  return label('missing', item);
}

// NewObject registers an object of the caller's organisation in stage `initiated`
// (POST /v1/objects: name, type, funding route, optional supplier and the day it was
// initiated when it is already under way).
export function NewObject({ me }) {
  const [v, setV] = useState({ name: '', type: '', funding: '', supplier: '', initiatedOn: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  // One key per form: a retry after a lost answer registers the object once.
  const key = useMemo(() => newKey('object'), []);
  if (!hasRole(me, 'applicant')) {
    return (
      <>
        <Title>{t('newObjectTitle')}</Title>
        <p class="alert info" role="status">{t('newObjectApplicantOnly')}</p>
      </>
    );
  }
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = { name: v.name.trim(), type: v.type, funding: v.funding };
      if (v.supplier.trim()) body.supplier = v.supplier.trim();
      if (v.initiatedOn) body.initiatedOn = v.initiatedOn;
      const o = await post('/v1/objects', body, { key });
      location.hash = `#/objects/${o.id}`;
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const fe = inWordsAll(err && err.fieldErrors);
  const placed = ['name', 'type', 'funding', 'supplier', 'initiatedOn'];
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  const { attrs, Err: FieldErr } = fieldKit(fe, 'no');
  return (
    <>
      <Title>{t('newObjectTitle')}</Title>
      <p class="lead">{t('newObjectLead')}</p>
      <form onSubmit={submit} novalidate class="card">
        <div class="field">
          <label for="no-name">{t('objectName')}<span class="req"> ({t('required')})</span></label>
          <input {...attrs('name')} aria-required="true" maxLength={500} value={v.name} onInput={set('name')} />
          <FieldErr k="name" />
        </div>
        <div class="field">
          <label for="no-type">{t('objectType')}<span class="req"> ({t('required')})</span></label>
          <select {...attrs('type')} aria-required="true" value={v.type} onChange={set('type')}>
            <option value="">{t('choose')}</option>
            {['information_system', 'hardware_software_complex'].map((x) => <option value={x} key={x}>{label('type', x)}</option>)}
          </select>
          <FieldErr k="type" />
        </div>
        <fieldset class="group" aria-describedby="no-funding-hint">
          <legend>{t('objFunding')}<span class="req"> ({t('required')})</span></legend>
          {['state_investment', 'own_funds'].map((x) => (
            <div class="check" key={x}>
              <input type="radio" name="no-funding" id={`no-funding-${x}`} checked={v.funding === x} aria-invalid={fe.funding ? 'true' : undefined}
                onChange={() => setV({ ...v, funding: x })} />
              <label for={`no-funding-${x}`}>{label('enum', x)}</label>
            </div>
          ))}
          <span class="hint" id="no-funding-hint">{t('fundingHint')}</span>
          <FieldErr k="funding" />
        </fieldset>
        <div class="field">
          <label for="no-supplier">{t('objSupplier')} <span class="req">({t('optional')})</span></label>
          <input {...attrs('supplier', true)} maxLength={100} value={v.supplier} onInput={set('supplier')} />
          <span class="hint" id="no-supplier-hint">{t('supplierHint')}</span>
          <FieldErr k="supplier" />
        </div>
        <div class="field">
          <label for="no-initiatedOn">{t('initiatedOn')} <span class="req">({t('optional')})</span></label>
          <input {...attrs('initiatedOn', true)} type="date" max={today('KZ')} value={v.initiatedOn} onInput={set('initiatedOn')} />
          <span class="hint" id="no-initiatedOn-hint">{t('initiatedOnHint')}</span>
          <FieldErr k="initiatedOn" />
        </div>
        <ErrorMessage error={err} fields={false} />
        <Unplaced errors={fe} placed={placed} />
        <button type="submit" class="primary" disabled={busy}>{t('registerObject')}</button>{' '}
        <a href="#/objects">{t('cancel')}</a>
      </form>
    </>
  );
}

// Unplaced lists the field errors of a problem that no field on the form shows, so none
// is lost.
export function Unplaced({ errors, placed }) {
  const rest = Object.entries(errors || {}).filter(([f]) => !placed.some((p) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`)));
  if (!rest.length) return null;
  return (
    <ul class="field-error">
      {rest.map(([f, rs]) => (
        <li key={f}>
          {fieldName(f)}: {rs.join('; ')}
        </li>
      ))}
    </ul>
  );
}
