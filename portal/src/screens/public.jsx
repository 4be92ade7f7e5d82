import { useState } from 'preact/hooks';
import { t, label, dateTime, date } from '../i18n.js';
import { request } from '../api.js';
import { useLoad, Loading, Title, OpenById } from '../screen.jsx';
import { ErrorMessage } from '../errors.jsx';
import { MeasuresTable, ReportState, PlanHead, PlanList } from './actionplan.jsx';

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

// The Latvian open-government action plan (001) as open data, without sign-in
// (GET /v1/public/plans/{id}): its measures with status, responsible institution, window
// and overdue days, its annual reports, and the CSV. Dates are Latvia's (Europe/Riga).
export function PublicPlan({ params }) {
  if (params[0]) {
    // A link to a plan opens on the plan; the id form is for one who has only an id.
    return (
      <>
        <Plan id={decodeURIComponent(params[0])} />
        <OpenById id="plan-id" title={t('otherPlanId')} to={(id) => `#/public/plans/${id}`} />
        <p><a href="#/public/plans">{t('planList')}</a></p>
      </>
    );
  }
  return (
    <>
      <Title>{t('plan')}</Title>
      <p class="lead">{t('planLead')}</p>
      <PlanList href={(p) => `#/public/plans/${p}`} />
    </>
  );
}

function Plan({ id }) {
  const plan = useLoad(() => request(`/v1/public/plans/${encodeURIComponent(id)}`, { auth: false }), [id]);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  if (plan.loading) return <Loading />;
  if (plan.error) {
    return (
      <>
        <Title>{t('plan')}</Title>
        {plan.error.status === 404 ? <p class="alert error" role="alert">{t('planNotFound')}</p> : <ErrorMessage error={plan.error} onRetry={plan.reload} />}
      </>
    );
  }
  const p = plan.data;
  const all = p.measures || [];
  const overdue = all.filter((m) => m.overdue);
  const shown = onlyOverdue ? overdue : all;
  const csv = `/v1/public/plans/${encodeURIComponent(id)}?format=csv`;
  return (
    <>
      <PlanHead p={p} />
      <p>
        <a class="button" href={csv} download>
          {t('downloadPlanCsv')}
        </a>{' '}
        <span class="hint-inline">{t('csvHint')}</span>
      </p>
      <p>
        <a href={`#/plans/${encodeURIComponent(id)}`}>{t('workOnPlan')}</a>
      </p>
      <div class="check">
        <input type="checkbox" id="plan-overdue" checked={onlyOverdue} onChange={(e) => setOnlyOverdue(e.currentTarget.checked)} />
        <label for="plan-overdue">{t('onlyOverdueMeasures', { n: overdue.length })}</label>
      </div>
      {shown.length === 0 ? (
        <p>{onlyOverdue ? t('noOverdueMeasures') : t('noMeasures')}</p>
      ) : (
        <MeasuresTable items={shown} />
      )}
      {p.reports && p.reports.length > 0 && (
        <section class="card" aria-labelledby="reports-h">
          <h2 id="reports-h">{t('reports')}</h2>
          <table>
            <caption class="visually-hidden">{t('reports')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reportYear')}</th>
                <th scope="col">{t('colDue')}</th>
                <th scope="col">{t('colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr key={r.year}>
                  <th scope="row">{r.year}</th>
                  <td>{date(r.dueOn)}</td>
                  <td>
                    <ReportState r={r} asOf={p.asOf} />
                    {r.sha256 && <span class="hint filename">SHA-256 {r.sha256.slice(0, 16)}…</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">{t('reportsHint')}</p>
        </section>
      )}
    </>
  );
}
