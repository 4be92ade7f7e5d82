import { useState } from 'preact/hooks';
import { t, label, date, dateTime } from '../i18n.js';
import { request, post } from '../api.js';
import { useLoad, Loading, Title, hasRole } from '../util.jsx';
import { ErrorMessage } from '../errors.jsx';

// notOffered tells a route this installation does not have (the API's or the gateway's
// "no route", API Gateway's {"message":"Not Found"}) from a resource that is not found.
export function notOffered(err) {
  if (!err || err.status !== 404 || !err.problem) return false;
  const p = err.problem;
  return p.message === 'Not Found' || /^no route for/.test(p.detail || '');
}

export function NotOffered({ what }) {
  return (
    <p class="alert info" role="status">
      {t('notOffered', { what })}
    </p>
  );
}

const STAGES = ['initiated', 'engineering', 'trial_operation', 'is_testing', 'implementation', 'operation', 'terminated'];

// Objects of the registry and their life cycle (contract part two, "Objects and their
// life cycle"): the list, registering one, and each object's page.
export function Objects({ me }) {
  const [stage, setStage] = useState('');
  const list = useLoad(() => request(`/v1/objects?limit=100${stage ? `&stage=${stage}` : ''}`), [stage]);
  const [openId, setOpenId] = useState('');
  return (
    <>
      <Title>{t('objects')}</Title>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); if (openId.trim()) location.hash = `#/objects/${openId.trim()}`; }}>
        <div class="field">
          <label for="obj-id">{t('objectId')}</label>
          <input id="obj-id" value={openId} onInput={(e) => setOpenId(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('openById')}</button>
      </form>
      {list.loading && <Loading />}
      {list.error && (notOffered(list.error) ? <NotOffered what="GET /v1/objects" /> : <ErrorMessage error={list.error} onRetry={list.reload} />)}
      {list.data && (
        <>
          <div class="field">
            <label for="obj-stage">{t('objStage')}</label>
            <select id="obj-stage" value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
              <option value="">{t('allSteps')}</option>
              {STAGES.map((s) => (
                <option value={s} key={s}>{label('stage', s)}</option>
              ))}
            </select>
          </div>
          {list.data.items.length === 0 ? (
            <p>{t('noObjects')}</p>
          ) : (
            <table>
              <caption>{t('objects')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('objectName')}</th>
                  <th scope="col">{t('objectType')}</th>
                  <th scope="col">{t('colOrg')}</th>
                  <th scope="col">{t('objStage')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((o) => (
                  <tr key={o.id}>
                    <td><a href={`#/objects/${o.id}`}>{o.name}</a></td>
                    <td>{label('type', o.type)}</td>
                    <td>{o.org}</td>
                    <td>{o.stage ? label('stage', o.stage) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {hasRole(me, 'applicant') && <NewObject />}
    </>
  );
}

function NewObject() {
  const [v, setV] = useState({ name: '', type: '', funding: '' });
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      const body = { name: v.name, type: v.type, funding: v.funding };
      const o = await post('/v1/objects', body);
      location.hash = `#/objects/${o.id}`;
    } catch (x) {
      setErr(x);
    }
  };
  const fe = err && !notOffered(err) ? err.fieldErrors : {};
  return (
    <section class="card" aria-labelledby="newobj-h">
      <h2 id="newobj-h">{t('newObjectTitle')}</h2>
      <form onSubmit={submit} novalidate>
        <div class="field">
          <label for="no-name">{t('objectName')}</label>
          <input id="no-name" value={v.name} aria-invalid={fe.name ? 'true' : undefined} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />
          {fe.name && <span class="field-error">{fe.name.join('; ')}</span>}
        </div>
        <div class="field">
          <label for="no-type">{t('objectType')}</label>
          <select id="no-type" value={v.type} onChange={(e) => setV({ ...v, type: e.currentTarget.value })}>
            <option value="">{t('choose')}</option>
            {['information_system', 'hardware_software_complex'].map((x) => <option value={x} key={x}>{label('type', x)}</option>)}
          </select>
          {fe.type && <span class="field-error">{fe.type.join('; ')}</span>}
        </div>
        <div class="field">
          <label for="no-funding">{t('objFunding')}</label>
          <select id="no-funding" value={v.funding} onChange={(e) => setV({ ...v, funding: e.currentTarget.value })}>
            <option value="">{t('choose')}</option>
            {['state_investment', 'own_funds'].map((x) => <option value={x} key={x}>{label('enum', x)}</option>)}
          </select>
          {fe.funding && <span class="field-error">{fe.funding.join('; ')}</span>}
        </div>
        {err && (notOffered(err) ? <NotOffered what="POST /v1/objects" /> : <ErrorMessage error={err} fields={false} />)}
        <button type="submit" class="primary">{t('newObjectTitle')}</button>
      </form>
    </section>
  );
}

export function ObjectPage({ me, params }) {
  const id = params[0];
  const obj = useLoad(() => request(`/v1/objects/${id}`), [id]);
  if (obj.loading) return <Loading />;
  if (obj.error) return notOffered(obj.error) ? <NotOffered what="GET /v1/objects/{id}" /> : <ErrorMessage error={obj.error} onRetry={obj.reload} />;
  const o = obj.data;
  return (
    <>
      <Title>{o.name}</Title>
      <dl class="meta">
        <dt>{t('objectType')}</dt>
        <dd>{label('type', o.type)}</dd>
        <dt>{t('colOrg')}</dt>
        <dd>{o.org}</dd>
        {'stage' in o && (<><dt>{t('objStage')}</dt><dd>{o.stage ? label('stage', o.stage) : '—'}</dd></>)}
        {'funding' in o && (<><dt>{t('objFunding')}</dt><dd>{o.funding ? label('enum', o.funding) : '—'}</dd></>)}
        {'supplier' in o && (<><dt>{t('objSupplier')}</dt><dd>{o.supplier || '—'}</dd></>)}
        <dt>{t('objListed')}</dt>
        <dd>{o.listed ? t('yes') : t('no')}{o.listedAt ? ` (${dateTime(o.listedAt, 'KZ')})` : ''}</dd>
        {o.warranty && (<><dt>{t('warranty')}</dt><dd>{date(o.warranty.from)} — {date(o.warranty.until)} ({o.warranty.state})</dd></>)}
      </dl>
      {o.stageHistory && o.stageHistory.length > 0 && (
        <section class="card" aria-labelledby="stages-h">
          <h2 id="stages-h">{t('objStage')}</h2>
          <ol class="timeline">
            {o.stageHistory.map((h, i) => (
              <li key={i}>{label('stage', h.stage)} — {date(h.on)}</li>
            ))}
          </ol>
        </section>
      )}
      {me.org === o.org && hasRole(me, 'applicant') && <StageForm id={id} onDone={obj.reload} />}
    </>
  );
}

function StageForm({ id, onDone }) {
  const [to, setTo] = useState('');
  const [on, setOn] = useState('');
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      await post(`/v1/objects/${id}/stage`, { to, on });
      onDone();
    } catch (x) {
      setErr(x);
    }
  };
  const fe = err && !notOffered(err) ? err.fieldErrors : {};
  return (
    <section class="card" aria-labelledby="stage-h">
      <h2 id="stage-h">{t('moveStage')}</h2>
      <form onSubmit={submit} novalidate>
        <div class="field">
          <label for="st-to">{t('objStage')}</label>
          <select id="st-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
            <option value="">{t('choose')}</option>
            {STAGES.map((s) => <option value={s} key={s}>{label('stage', s)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="st-on">{t('stageDate')}</label>
          <input id="st-on" type="date" value={on} onInput={(e) => setOn(e.currentTarget.value)} />
        </div>
        {Object.entries(fe).map(([f, rs]) => <p class="field-error" key={f}>{label('kind', f.split('.').pop())}: {rs.join('; ')}</p>)}
        {err && (notOffered(err) ? <NotOffered what={`POST /v1/objects/{id}/stage`} /> : <ErrorMessage error={err} fields={false} />)}
        <button type="submit">{t('moveStage')}</button>
      </form>
    </section>
  );
}
