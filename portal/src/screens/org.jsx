import { useState } from 'preact/hooks';
import { t, label, dateTime } from '../i18n.js';
import { request } from '../api.js';
import { useLoad, usePaged, Loading, Title, Paged } from '../screen.jsx';
import { hasRole } from '../auth.js';
import { ErrorMessage } from '../errors.jsx';

// A Latvian organisation under the ICT consolidation decision (seed 000): its place in the
// hierarchy, whether the investment freeze of §6.2 reaches it (its own, or its ministry's),
// and the investment check for data-centre equipment (GET /v1/orgs/{org} and
// /investment-check). The API's reasons are English sentences; the page says the same in
// the chosen language from the answer's fields.
export function OrgPage({ me, params }) {
  const org = decodeURIComponent(params[0]);
  const o = useLoad(() => request(`/v1/orgs/${encodeURIComponent(org)}`), [org]);
  if (o.loading) return <Loading />;
  if (o.error) {
    return (
      <>
        <Title>{org}</Title>
        {o.error.status === 404 ? <p class="alert info" role="status">{t('orgNotRecorded')}</p> : <ErrorMessage error={o.error} onRetry={o.reload} />}
      </>
    );
  }
  const d = o.data;
  return (
    <>
      <Title>{d.name || d.org}</Title>
      <dl class="meta">
        <dt>{t('orgId')}</dt>
        <dd>{d.org}</dd>
        <dt>{t('orgParent')}</dt>
        <dd>{d.path && d.path.length ? d.path.join(' → ') : t('orgTop')}</dd>
      </dl>
      <section class="card" aria-labelledby="fz-h">
        <h2 id="fz-h">{t('freezeTitle')}</h2>
        <Freeze f={d.freeze} />
      </section>
      <InvestmentCheck org={d.org} mine={me.org === d.org && hasRole(me, 'applicant')} />
    </>
  );
}

function Freeze({ f }) {
  if (!f) return <p><span class="badge ok">{t('notFrozen')}</span> {t('notFrozenText')}</p>;
  return (
    <p>
      <span class="badge overdue">{t('frozen')}</span>{' '}
      {t('frozenText', { since: dateTime(f.since, 'LV'), decision: f.decisionId })}
      {f.via && ` ${t('frozenVia', { via: f.via })}`} <span class="hint">{t('basis', { basis: f.basis })}</span>
    </p>
  );
}

function InvestmentCheck({ org, mine }) {
  const [cat, setCat] = useState('servers');
  const [res, setRes] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const check = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    setRes(null);
    try {
      setRes(await request(`/v1/orgs/${encodeURIComponent(org)}/investment-check?category=${cat}`));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="ic-h">
      <h2 id="ic-h">{t('investmentCheck')}</h2>
      <p class="hint">{t('investmentCheckHint')}</p>
      <form onSubmit={check} class="filters">
        <div class="field">
          <label for="ic-cat">{t('investmentCategory')}</label>
          <select id="ic-cat" value={cat} onChange={(e) => { setCat(e.currentTarget.value); setRes(null); }}>
            {['servers', 'storage', 'other_dc_equipment'].map((c) => <option value={c} key={c}>{label('enum', c)}</option>)}
          </select>
        </div>
        <button type="submit" disabled={busy}>{t('checkInvestment')}</button>
      </form>
      <ErrorMessage error={err} />
      <div aria-live="polite">
        {res && (
          <div class={`alert ${res.allowed ? 'ok' : 'error'}`}>
            <p>
              <strong>{res.allowed ? t('investAllowed', { cat: label('enum', res.category) }) : t('investNotAllowed', { cat: label('enum', res.category) })}</strong>
            </p>
            <p>
              {!res.freeze
                ? t('notFrozenText')
                : res.investment
                  ? t('investAgreed', { amount: res.investment.amountEur, ground: label('enum', res.investment.ground) })
                  : t('investAskVaram')}{' '}
              <span class="hint">{t('basis', { basis: res.basis })}</span>
            </p>
            {res.investment && (
              <p>
                <a href={`#/applications/${res.investment.applicationId}`}>{label('procedure', 'lv-extraordinary-investment')}</a>
              </p>
            )}
            {!res.allowed && mine && (
              <p>
                <a href="#/new?procedure=lv-extraordinary-investment">{t('investApply')}</a>
              </p>
            )}
            {(res.flags || []).map((f) => (
              <p key={f.code} class="alert warn">
                {f.code === 'provisional_migration_date_passed' ? t('flagProvisional') : f.reason} <span class="hint">{t('basis', { basis: f.basis })}</span>
              </p>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

// Orgs: the coordinator's tree of organisations (GET /v1/orgs?parent=): the ministries,
// each opened to the institutions recorded under it, one level at a time.
export function Orgs() {
  return (
    <>
      <Title>{t('orgs')}</Title>
      <p class="lead">{t('orgsLead')}</p>
      <OrgLevel parent="" />
    </>
  );
}

function OrgLevel({ parent }) {
  const list = usePaged(`/v1/orgs?limit=50${parent ? `&parent=${encodeURIComponent(parent)}` : ''}`);
  return (
    <Paged list={list} empty={t('noOrgs')}>
      {(items) => (
        <ul class="tree">
          {items.map((o) => <OrgNode key={o.org} o={o} />)}
        </ul>
      )}
    </Paged>
  );
}

function OrgNode({ o }) {
  const [open, setOpen] = useState(false);
  const name = o.name || o.org;
  const sub = `org-sub-${o.org}`;
  return (
    <li>
      <a href={`#/orgs/${encodeURIComponent(o.org)}`} lang="lv">{name}</a> <span class="hint-inline">{o.org}</span>{' '}
      {o.children > 0 && (
        <button type="button" class="link" aria-expanded={open ? 'true' : 'false'} aria-controls={sub} onClick={() => setOpen(!open)}>
          {t('subordinatesN', { n: o.children })}
          <span class="visually-hidden"> — {t(open ? 'hideSubordinates' : 'showSubordinates', { name })}</span>
        </button>
      )}
      {open && <div id={sub}><OrgLevel parent={o.org} /></div>}
    </li>
  );
}
