import { useState } from 'preact/hooks';
import { t, label } from '../i18n.js';
import { devSignIn, oidcSignIn, wasExpired, takeReturnTo, hasRole, REVIEWERS } from '../auth.js';
import { Title } from '../screen.jsx';
import { errorText } from '../errors.jsx';

export function Home({ config, me }) {
  if (me) {
    // A signed-in person starts where their work is.
    location.replace(hasRole(me, ...REVIEWERS) ? '#/queues' : hasRole(me, 'applicant', 'supplier') ? '#/applications' : '#/inbox');
    return null;
  }
  return (
    <>
      <Title>{t('welcome')}</Title>
      <p class="lead">{t('welcomeText')}</p>
      <SignInPanel config={config} />
      <p>
        <a href="#/public/operator-list">{t('publicList')}</a>
      </p>
    </>
  );
}

export function SignIn({ config }) {
  return (
    <>
      <Title>{t('signIn')}</Title>
      {wasExpired() && (
        <p class="alert warn" role="alert">
          {t('sessionExpired')}
        </p>
      )}
      <SignInPanel config={config} />
    </>
  );
}

const ROLES = ['applicant', 'authorized_body', 'service_integrator', 'operator', 'admin', 'supplier', 'coordinator', 'observer'];
// People one picks often on a local system: a ministry clerk and each reviewer, in
// Kazakhstan and in Latvia (VARAM coordinates seed 000; a Latvian ministry applies).
const PRESETS = [
  ['clerk-1', 'kz-minjust', ['applicant']],
  ['ab-1', 'kz-mdai', ['authorized_body']],
  ['si-1', 'kz-nitec', ['service_integrator']],
  ['op-1', 'kz-operator', ['operator']],
  ['varam-1', 'lv-varam', ['coordinator']],
  ['clerk-lv-1', 'lv-zm', ['applicant']],
];

function SignInPanel({ config }) {
  const [sub, setSub] = useState('clerk-1');
  const [org, setOrg] = useState('kz-minjust');
  const [roles, setRoles] = useState(['applicant']);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const failed = sessionStorage.getItem('ictgov.signInFailed');

  const done = () => {
    const back = takeReturnTo();
    location.hash = back && back !== '#/signin' ? back : '#/';
  };

  if (config.signIn === 'oidc') {
    return (
      <section class="card" aria-labelledby="oidc-h">
        <h2 id="oidc-h">{t('oidcSignIn')}</h2>
        {failed && (
          <p class="alert error" role="alert">
            {t('errSignIn')}
          </p>
        )}
        <button
          type="button"
          class="primary"
          onClick={() => {
            sessionStorage.removeItem('ictgov.signInFailed');
            oidcSignIn(config).catch(() => setErr(t('errSignIn')));
          }}
        >
          {t('signIn')}
        </button>
        {err && (
          <p class="alert error" role="alert">
            {err}
          </p>
        )}
      </section>
    );
  }

  const submit = async (e) => {
    e.preventDefault();
    if (!sub.trim()) return setErr(t('needSub'));
    if (!roles.length) return setErr(t('needRole'));
    if (roles.includes('applicant') && !org.trim()) return setErr(t('needOrg'));
    setBusy(true);
    setErr(null);
    try {
      await devSignIn(sub.trim(), org.trim(), roles);
      done();
    } catch (x) {
      setErr(x.status ? errorText(x) : t('err0'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="dev-h">
      <h2 id="dev-h">{t('devSignIn')}</h2>
      <p>{t('devSignInHelp')}</p>
      <form onSubmit={submit} novalidate>
        <fieldset class="group">
          <legend>{t('preset')}</legend>
          <div class="presets">
            {PRESETS.map(([s, o, r]) => (
              <button type="button" key={s} onClick={() => { setSub(s); setOrg(o); setRoles(r); }}>
                {label('role', r[0])} ({o})
              </button>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for="sub">{t('person')}</label>
          <input id="sub" value={sub} onInput={(e) => setSub(e.currentTarget.value)} autocomplete="username" />
        </div>
        <div class="field">
          <label for="org">{t('organisation')}</label>
          <input id="org" value={org} onInput={(e) => setOrg(e.currentTarget.value)} />
        </div>
        <fieldset class="group">
          <legend>{t('roles')}</legend>
          <div class="checks">
            {ROLES.map((r) => (
              <div class="check" key={r}>
                <input
                  type="checkbox"
                  id={`role-${r}`}
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles(e.currentTarget.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />
                <label for={`role-${r}`}>{label('role', r)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        {err && (
          <p class="alert error" role="alert">
            {err}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}
