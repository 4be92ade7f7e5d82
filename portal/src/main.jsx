// The portal: one page that routes after '#', so the Portal function serves it from three
// routes and deep links survive a reload. Screens are listed in ROUTES: a screen for a
// route the API gains later is one file and one line here.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { t, LANGS, getLang, setLang, onLang } from './i18n.js';
import { session, onSession, signOut, oidcCallback, hasRole, REVIEWERS } from './auth.js';
import { Home, SignIn } from './screens/home.jsx';
import { Applications, Queues } from './screens/lists.jsx';
import { NewApplication } from './screens/new.jsx';
import { ApplicationPage } from './screens/application.jsx';
import { Inbox } from './screens/inbox.jsx';
import { Objects, NewObject } from './screens/objects.jsx';
import { ObjectPage } from './screens/object.jsx';
import { OrgPage, Orgs } from './screens/org.jsx';
import { OperatorList, PublicPlan } from './screens/public.jsx';
import { Decisions, DecisionPage } from './screens/latvia.jsx';
import { Plans, PlanPage, PlanReportPage, MeasurePage, planPeople } from './screens/actionplan.jsx';
import { Projects, NewProject, ProjectPage, MonitoringReports, MonitoringReportPage, MONITORS } from './screens/monitoring.jsx';

// path pattern, screen, whether a sign-in is needed.
const ROUTES = [
  [/^\/$/, Home, false],
  [/^\/signin$/, SignIn, false],
  [/^\/applications$/, Applications, true],
  [/^\/queues$/, Queues, true],
  [/^\/new$/, NewApplication, true],
  [/^\/applications\/([^/]+)$/, ApplicationPage, true],
  [/^\/inbox$/, Inbox, true],
  [/^\/objects$/, Objects, true],
  [/^\/objects\/new$/, NewObject, true],
  [/^\/objects\/([^/]+)$/, ObjectPage, true],
  [/^\/orgs$/, Orgs, true],
  [/^\/orgs\/([^/]+)$/, OrgPage, true],
  [/^\/decisions$/, Decisions, true],
  [/^\/decisions\/([^/]+)$/, DecisionPage, true],
  [/^\/plans$/, Plans, true],
  [/^\/plans\/([^/]+)$/, PlanPage, true],
  [/^\/plans\/([^/]+)\/reports\/(\d{4})$/, PlanReportPage, true],
  [/^\/measures\/([^/]+)$/, MeasurePage, true],
  [/^\/projects$/, Projects, true],
  [/^\/projects\/new$/, NewProject, true],
  [/^\/projects\/([^/]+)$/, ProjectPage, true],
  [/^\/monitoring-reports$/, MonitoringReports, true],
  [/^\/monitoring-reports\/([^/]+)$/, MonitoringReportPage, true],
  [/^\/public\/operator-list$/, OperatorList, false],
  [/^\/public\/plans(?:\/([^/]+))?$/, PublicPlan, false],
];

const route = () => (location.hash.replace(/^#/, '').split('?')[0] || '/');

function useRerender(subscribe) {
  const [, set] = useState(0);
  useEffect(() => subscribe(() => set((n) => n + 1)), []);
}

function Nav({ me }) {
  const items = [];
  if (me) {
    if (hasRole(me, 'applicant', 'supplier')) items.push(['#/applications', t('navApplications')]);
    if (hasRole(me, ...REVIEWERS)) items.push(['#/queues', t('navQueues')]);
    if (hasRole(me, 'applicant', 'service_integrator')) items.push(['#/new', t('navNew')]);
    items.push(['#/inbox', t('navInbox')]);
    if (hasRole(me, 'applicant', 'supplier', ...REVIEWERS)) items.push(['#/objects', t('navObjects')]);
    // Monitoring of ICT projects is Kazakhstan's (004): not offered to a Latvian clerk.
    if (hasRole(me, ...MONITORS.filter((r) => r !== 'applicant')) || (hasRole(me, 'applicant') && !/^lv-/.test(me.org || ''))) {
      items.push(['#/projects', t('navProjects')]);
    }
    if (hasRole(me, 'coordinator')) items.push(['#/decisions', t('navDecisions')], ['#/orgs', t('navOrgs')]);
    // The action plan's measures (001): the State Chancellery, observers, Latvian institutions.
    if (planPeople(me)) items.push(['#/plans', t('navPlans')]);
    // A Latvian organisation (ids lv-…) sees where the consolidation decision's freeze stands.
    if (/^lv-/.test(me.org || '')) items.push([`#/orgs/${encodeURIComponent(me.org)}`, t('navOrg')]);
  }
  items.push(['#/public/operator-list', t('navPublicList')]);
  items.push(['#/public/plans', t('navPlan')]);
  const here = '#' + route();
  return (
    <nav aria-label={t('mainNav')}>
      <ul>
        {items.map(([href, text]) => (
          <li key={href}>
            <a href={href} aria-current={here === href ? 'page' : undefined}>
              {text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function App({ config }) {
  useRerender(onLang);
  useRerender(onSession);
  const [path, setPath] = useState(route());
  useEffect(() => {
    const on = () => setPath(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const s = session();
  const me = s && s.me;
  let screen = null;
  for (const [re, Screen, needsAuth] of ROUTES) {
    const m = path.match(re);
    if (!m) continue;
    screen = needsAuth && !me ? <SignIn config={config} /> : <Screen key={path} config={config} me={me} params={m.slice(1)} />;
    break;
  }
  if (!screen) {
    screen = (
      <>
        <h1>{t('notFoundPage')}</h1>
        <p>
          <a href="#/">{t('goHome')}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>
        {t('skip')}
      </a>
      <header>
        <div class="bar">
          <a class="brand" href="#/">
            {t('appName')}
            {config.stage && config.signIn !== 'dev' && <span class="stage"> · {config.stage}</span>}
          </a>
          <div class="tools">
            <label for="lang">{t('language')}</label>
            <select id="lang" value={getLang()} onChange={(e) => setLang(e.currentTarget.value)}>
              {LANGS.map(([code, name]) => (
                <option value={code} key={code} lang={code}>
                  {name}
                </option>
              ))}
            </select>
            {me ? (
              <>
                <span class="who">{t('signedInAs', { sub: me.sub, org: me.org || '—' })}</span>
                <button type="button" onClick={() => { signOut(); location.hash = '#/'; }}>
                  {t('signOut')}
                </button>
              </>
            ) : (
              <a href="#/signin">{t('signIn')}</a>
            )}
          </div>
        </div>
        <Nav me={me} />
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </>
  );
}

async function start() {
  document.documentElement.lang = getLang();
  let config = { signIn: 'dev' };
  try {
    const res = await fetch('/portal.json', { cache: 'no-store' });
    if (res.ok) config = await res.json();
  } catch {
    // offline: the page still shows the public screens from cache-less defaults
  }
  if (config.signIn === 'oidc') {
    try {
      const back = await oidcCallback(config);
      if (back) location.hash = back;
    } catch {
      sessionStorage.setItem('ictgov.signInFailed', '1');
    }
  }
  render(<App config={config} />, document.getElementById('app'));
}

start();
