import { useState } from 'preact/hooks';
import { t, label, dateTime, date } from '../i18n.js';
import { request } from '../api.js';
import { useLoad, Loading, Title } from '../util.jsx';
import { ErrorMessage } from '../errors.jsx';
import { notOffered, NotOffered } from './objects.jsx';

// The operator's list (002 ¶10), open data, without sign-in.
export function OperatorList() {
  const list = useLoad(() => request('/v1/public/operator-list?limit=200', { auth: false }), []);
  return (
    <>
      <Title>{t('publicList')}</Title>
      <p>{t('publicListHelp')}</p>
      <p>
        <a href="/v1/public/operator-list?format=csv" download="operator-list.csv">
          {t('downloadCsv')}
        </a>
      </p>
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.items.length === 0 && <p>{t('emptyList')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <caption>{t('publicList')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('objectName')}</th>
              <th scope="col">{t('objectType')}</th>
              <th scope="col">{t('colOrg')}</th>
              <th scope="col">{t('listedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((o) => (
              <tr key={o.objectId}>
                <td>{o.name}</td>
                <td>{label('type', o.type)}</td>
                <td>{o.org}</td>
                <td>{dateTime(o.listedAt, 'KZ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// The Latvian open-government action plan (001), public: GET /v1/public/plans/{id}.
export function PublicPlan({ params }) {
  const [id, setId] = useState(params[0] || '');
  return (
    <>
      <Title>{t('plan')}</Title>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); if (id.trim()) location.hash = `#/public/plans/${encodeURIComponent(id.trim())}`; }}>
        <div class="field">
          <label for="plan-id">{t('planId')}</label>
          <input id="plan-id" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('show')}</button>
      </form>
      {params[0] && <Plan id={params[0]} />}
    </>
  );
}

function Plan({ id }) {
  const plan = useLoad(() => request(`/v1/public/plans/${encodeURIComponent(id)}`, { auth: false }), [id]);
  if (plan.loading) return <Loading />;
  if (plan.error) return notOffered(plan.error) ? <NotOffered what="GET /v1/public/plans/{id}" /> : <ErrorMessage error={plan.error} onRetry={plan.reload} />;
  const p = plan.data;
  return (
    <section class="card" aria-labelledby="plan-h">
      <h2 id="plan-h">{p.title}</h2>
      {p.period && <p>{t('period')}: {date(p.period.from)} — {date(p.period.to)}</p>}
      <p>
        <a href={`/v1/public/plans/${encodeURIComponent(id)}?format=csv`} download={`plan-${id}.csv`}>{t('downloadCsv')}</a>
      </p>
      <table>
        <caption>{t('measures')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('title')}</th>
            <th scope="col">{t('owner')}</th>
            <th scope="col">{t('colDue')}</th>
            <th scope="col">{t('colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {(p.measures || []).map((m) => (
            <tr key={m.id} class={m.overdue ? 'is-overdue' : ''}>
              <td>{m.title}</td>
              <td>{m.owner}</td>
              <td>{date(m.end)}</td>
              <td>
                {label('measure', m.status)}
                {m.overdue && <> <span class="badge overdue">{t('overdueDays', { n: m.overdueDays })}</span></>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.reports && p.reports.length > 0 && (
        <>
          <h3>{t('reports')}</h3>
          <ul>
            {p.reports.map((r) => <li key={r.year}>{r.year}{r.createdAt ? ` — ${dateTime(r.createdAt, 'LV')}` : ''}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
