// The reviewer's overdue flag after a sweep, the errors a person meets (an expired
// sign-in, a lost connection during an upload, someone else acting first, a page that
// does not exist), each in Chromium with axe-core. The objects and the Latvian plan have
// test files of their own (objects.test.mjs, plan.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe, shot, signIn, BASE, pdf, unique, token, api, sweep } from './lib.mjs';

let b;
const run = unique();
const org = `kz-portal-od-${run}`;
const KINDS = ['is_description', 'technical_documentation', 'commissioning_document', 'user_count',
  'services_or_functions_list', 'deployment_counts', 'security_certificate', 'criteria_compliance'];

before(async () => {
  b = await launch();
});
after(async () => {
  await b.close();
});

// submitted makes a submitted application through the API (what the first test file does
// through the screens), uploading real PDFs to the store.
async function submitted(name) {
  const tok = await token(`clerk-${run}`, org, ['applicant']);
  const crit = Object.fromEntries(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4'].map((k) => [k, ['1.1', '2.1', '3.1'].includes(k)]));
  const app = await api(tok, 'POST', '/v1/applications', { procedure: 'kz-operator-list', object: { name, type: 'information_system' }, criteria: crit });
  assert.equal(app.status, 201, JSON.stringify(app.body));
  for (const kind of KINDS) {
    const bytes = pdf(`${kind} ${name}`);
    const sum = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    const slot = await api(tok, 'POST', `/v1/applications/${app.body.id}/documents`, { kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: bytes.length, sha256: sum });
    assert.equal(slot.status, 201, JSON.stringify(slot.body));
    const put = await fetch(slot.body.upload.url, { method: 'PUT', headers: slot.body.upload.headers, body: bytes });
    assert.equal(put.status, 200);
  }
  for (let i = 0; i < 100; i++) {
    const r = await api(tok, 'POST', `/v1/applications/${app.body.id}/submit`);
    if (r.status === 200) return { id: app.body.id, app: r.body, tok };
    await new Promise((r) => setTimeout(r, 300)); // the validator judges the bytes asynchronously
  }
  throw new Error('the application could not be submitted');
}

// The overdue application is a kz-placement (the operator's 10 working days, 003 §13):
// a sweep as of a future moment moves the table's sweep watermark to that day, and the Go
// suite's deadline test (run before these) sweeps past a 5-working-day step, so a clock
// whose first firing falls before that day would not be read again on this shared system.
test('a reviewer sees an overdue application flagged after a sweep', async () => {
  const name = `Overdue система ${run}`;
  const tok = await token(`clerk-${run}`, org, ['applicant']);
  const made = await api(tok, 'POST', '/v1/applications', { procedure: 'kz-placement', object: { name, type: 'information_system' }, details: { class: 2, services: ['platform'] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const sub = await api(tok, 'POST', `/v1/applications/${made.body.id}/submit`);
  assert.equal(sub.status, 200, JSON.stringify(sub.body));
  const clock = sub.body.clocks.find((c) => c.step === 'op_placement');
  assert.ok(clock && clock.dueAt, JSON.stringify(sub.body.clocks));
  // The scheduled DeadlineCheck, run as of a moment past the due moment.
  const at = Date.parse(clock.dueAt) + (5 * 60 + Math.floor(Math.random() * 3000)) * 1000;
  await sweep(new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'));

  const page = await b.page();
  await signIn(page, `op-od-${run}`, 'kz-operator', ['operator']);
  await page.getByRole('heading', { name: 'Review queues' }).waitFor();
  await page.getByLabel('Only overdue').check();
  await page.getByLabel('Step').selectOption('op_placement');
  const row = page.locator('tr', { has: page.getByRole('link', { name }) });
  await row.locator('.badge.overdue').waitFor();
  await row.locator('td').nth(5).filter({ hasText: /^\d+$/ }).waitFor(); // the age in working days
  await axe(page, 'overdue queue');
  await shot(page, '12-queue-overdue-flagged');
  await row.getByRole('link', { name }).click();
  await page.locator('h1 .badge.overdue').waitFor();
  await page.locator('.badge.clock-overdue').waitFor();
  await axe(page, 'overdue application');
  await shot(page, '13-application-overdue-clock');
  // The operator's inbox has the overdue notice.
  await page.getByRole('link', { name: 'Inbox' }).click();
  await page.locator('ul.notices li', { hasText: 'Overdue' }).first().waitFor();
  await axe(page, 'inbox');
  await shot(page, '14-inbox-overdue-notice');
  const first = page.locator('ul.notices li.unread').first();
  await first.getByRole('button', { name: /Mark as read/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('ul.notices li.read').length > 0);
  await page.context().close();
});

test('someone else acting first is told plainly, and the page shows the state now', async () => {
  const { id } = await submitted(`Race ${run}`);
  const a = await b.page();
  const c = await b.page();
  for (const p of [a, c]) {
    await signIn(p, `ab-race-${run}`, 'kz-mdai', ['authorized_body']);
    await p.goto(`${BASE}/#/applications/${id}`);
    await p.getByRole('button', { name: 'Forward to the service integrator' }).waitFor();
  }
  await a.getByRole('button', { name: 'Forward to the service integrator' }).click();
  await a.getByRole('status').filter({ hasText: 'Done:' }).waitFor();
  await c.getByRole('button', { name: 'Forward to the service integrator' }).click();
  await c.getByText('Someone else changed this first').waitFor();
  await c.locator('h1 .badge', { hasText: 'Review by the service integrator' }).waitFor();
  await axe(c, 'conflict message');
  await shot(c, '15-conflict-someone-acted-first');
  await a.context().close();
  await c.context().close();
});

test('a lost connection during an upload is retried without a second document', async () => {
  const page = await b.page();
  await signIn(page, `clerk-up-${run}`, org, ['applicant']);
  const tok = await token(`clerk-up-${run}`, org, ['applicant']);
  const app = await api(tok, 'POST', '/v1/applications', { procedure: 'kz-operator-list', object: { name: `Upload ${run}`, type: 'information_system' } });
  await page.goto(`${BASE}/#/applications/${app.body.id}`);
  // The first PUT to the store dies on the way, as a dropped connection would.
  let dropped = 0;
  await page.route(/\/documents\/.*X-Amz-Signature/, (route) => (dropped++ === 0 ? route.abort('connectionreset') : route.continue()));
  await page.setInputFiles('#file-user_count', { name: 'Пользователи — lietotāji.pdf', mimeType: 'application/pdf', buffer: pdf(`users ${run}`) });
  const row = page.locator('li.doc').filter({ has: page.locator('#file-user_count') });
  await row.getByRole('button', { name: 'Upload' }).click();
  await row.getByText('The connection was lost').waitFor();
  await axe(page, 'upload lost');
  await shot(page, '16-upload-connection-lost');
  await row.getByRole('button', { name: 'Try again' }).click();
  await row.locator('.badge.doc-valid').waitFor({ timeout: 60000 });
  const got = await api(tok, 'GET', `/v1/applications/${app.body.id}`);
  assert.deepEqual(got.body.documents.map((d) => [d.kind, d.status]), [['user_count', 'valid']], 'one document, not two');
  await page.context().close();
});

test('an expired sign-in asks to sign in again and returns to the page', async () => {
  const page = await b.page();
  await signIn(page, `clerk-exp-${run}`, org, ['applicant']);
  // The token is no longer accepted (as when it expires): the next call gets 401.
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('ictgov.session'));
    s.token = s.token.slice(0, -4) + 'AAAA';
    sessionStorage.setItem('ictgov.session', JSON.stringify(s));
  });
  await page.goto(`${BASE}/#/inbox`);
  await page.getByText('Your sign-in has expired').first().waitFor();
  await axe(page, 'expired sign-in');
  await shot(page, '17-sign-in-expired');
  await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await page.context().close();
});

test('a page that does not exist, and an application of another organisation, are explained', async () => {
  const page = await b.page();
  await signIn(page, `clerk-404-${run}`, `kz-other-${run}`, ['applicant']);
  await page.goto(`${BASE}/#/applications/01jd8w0a1b2c3d4e5f6g7h8j9k`);
  await page.getByText('This was not found, or it is not visible to you').waitFor();
  await axe(page, 'not found');
  await page.goto(`${BASE}/#/nowhere`);
  await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
  // Network down: the list cannot load, the page says so and offers to try again.
  await page.context().setOffline(true);
  await page.goto(`${BASE}/#/applications`).catch(() => {});
  await page.evaluate(() => { location.hash = '#/inbox'; });
  await page.getByText('The connection to the server was lost').waitFor();
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await page.getByText('No messages.').waitFor();
  await page.context().close();
});
