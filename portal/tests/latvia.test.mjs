// The Latvian ICT consolidation decision as VARAM follows it (seed 000, contract part two):
// a decision recorded through the API without its adoption date D, opened by the
// coordinator from the top navigation: its deadlines pending (waiting for D), its
// organisations with their place in the hierarchy; D set through the screen, the deadlines
// then running to due dates D + 2 and D + 3 calendar months (end of the day, Europe/Riga);
// a second coordinator, whose page still showed no D, is refused in words (409) and sees
// the D on record. The page in Latvian. axe-core on every screen; screenshots saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe, shot, signIn, unique, token, api, day } from './lib.mjs';

let b;
const run = unique();
const zm = `lv-zm-${run}`;
const lad = `lv-lad-${run}`;
const title = `Par valsts informācijas un komunikācijas tehnoloģiju resursu konsolidāciju ${run}`;
let decisionId = '';

// D: a few days ago in Riga, so its months fall in the calendars loaded now.
const D = day(-6, 'Europe/Riga');
// addMonths: calendar months, the same day of the month clamped to the month's end (000 §6).
function addMonths(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}
// A date as the screens write it (en-GB or lv-LV).
const shown = (ymd, locale = 'en-GB') => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })
  .format(new Date(`${ymd}T00:00:00Z`));

before(async () => {
  b = await launch();
  const vk = await token(`varam-dec-${run}`, 'lv-varam', ['coordinator']);
  assert.equal((await api(vk, 'POST', `/v1/orgs/${zm}`, { parent: null, name: 'Zemkopības ministrija' })).status, 201);
  assert.equal((await api(vk, 'POST', `/v1/orgs/${lad}`, { parent: zm, name: 'Lauku atbalsta dienests' })).status, 201);
  const d = await api(vk, 'POST', '/v1/decisions', { title, adoptedOn: null, orgs: [zm, lad] });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  decisionId = d.body.id;
});
after(async () => {
  await b.close();
});

test('the coordinator opens a decision without D: its deadlines pending, its organisations in their hierarchy', async () => {
  const page = await b.page();
  await signIn(page, `varam-a-${run}`, 'lv-varam', ['coordinator']);
  await page.getByRole('link', { name: 'Decisions' }).click();
  await page.getByRole('heading', { name: 'ICT consolidation decisions' }).waitFor();
  await axe(page, 'decisions');
  await page.getByLabel('Decision id').fill(decisionId);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByText('not set: the deadlines wait for it').waitFor();
  const orgs = page.locator('section', { has: page.getByRole('heading', { name: 'Deadlines of the organisations' }) });
  for (const name of ['Submission to VARAM (D + 2 months)', 'Investment freeze (D + 3 months)']) {
    const row = orgs.locator('tr', { hasText: name });
    await row.getByText('waits for D').waitFor();
    await row.getByText('Pending', { exact: true }).waitFor();
  }
  // The coordinator's own tasks of §4 and §5 have fixed dates in years whose calendar is
  // not loaded: pending, and the page says why.
  const own = page.locator('section', { has: page.getByRole('heading', { name: 'The coordinator\'s own tasks' }) });
  await own.getByText('Report on shared services').waitFor();
  await own.getByText(/calendar of 2021 is not loaded/).waitFor();
  // The organisations with their place in the hierarchy, linked to their pages.
  const lr = page.locator('tr', { has: page.getByRole('link', { name: 'Lauku atbalsta dienests' }) });
  await lr.getByText(zm, { exact: true }).waitFor();
  await lr.getByText('Not frozen').waitFor();
  await page.locator('tr', { has: page.getByRole('link', { name: 'Zemkopības ministrija' }) }).getByText('none: a top organisation (ministry)').waitFor();
  await axe(page, 'decision without D');
  await shot(page, '37-lv-decision-pending');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('D is set once: the deadlines run to their dates in Riga, and a second setting is refused in words', async () => {
  const a = await b.page();
  await signIn(a, `varam-b-${run}`, 'lv-varam', ['coordinator']);
  const other = await b.page();
  await signIn(other, `varam-c-${run}`, 'lv-varam', ['coordinator']);
  for (const p of [a, other]) {
    await p.goto(`${p.url().split('#')[0]}#/decisions/${decisionId}`);
    await p.getByRole('heading', { name: 'Set the adoption date D' }).waitFor();
  }

  // Without a date: refused beside the field.
  await a.getByRole('button', { name: 'Set the adoption date D' }).click();
  await a.locator('#ad-adoptedOn-err').getByText('enter a date').waitFor();
  assert.equal(await a.getByLabel(/Adoption date D/).getAttribute('aria-invalid'), 'true');
  await a.getByLabel(/Adoption date D/).fill(D);
  await a.getByRole('button', { name: 'Set the adoption date D' }).click();
  await a.getByText(`D is set: ${shown(D)}. The deadlines are running.`).waitFor();
  const orgs = a.locator('section', { has: a.getByRole('heading', { name: 'Deadlines of the organisations' }) });
  const sub = orgs.locator('tr', { hasText: 'Submission to VARAM (D + 2 months)' });
  await sub.getByText(shown(addMonths(D, 2))).waitFor();
  await sub.getByText('end of the day, Europe/Riga').waitFor();
  await sub.getByText('Running', { exact: true }).waitFor();
  await orgs.locator('tr', { hasText: 'Investment freeze (D + 3 months)' }).getByText(shown(addMonths(D, 3))).waitFor();
  assert.equal(await a.getByRole('heading', { name: 'Set the adoption date D' }).count(), 0, 'D is set once: no form any more');
  await axe(a, 'decision with D');

  // In Latvian: the same dates, the deadlines' words.
  await a.locator('#lang').selectOption('lv');
  const lv = a.locator('section', { has: a.getByRole('heading', { name: 'Iestāžu termiņi' }) });
  await lv.locator('tr', { hasText: 'Iesniegšana VARAM (D + 2 mēneši)' }).getByText('Rit', { exact: true }).waitFor();
  await a.getByText(`D ir noteikts: ${shown(D, 'lv-LV')}. Termiņi rit.`).waitFor();
  await a.getByText(shown(addMonths(D, 3), 'lv-LV')).first().waitFor();
  await axe(a, 'decision with D (lv)');
  await shot(a, '38-lv-decision-running-lv');

  // The other coordinator's page still offers the form: the API refuses, the page says so.
  await other.getByLabel(/Adoption date D/).fill(day(-5, 'Europe/Riga'));
  await other.getByRole('button', { name: 'Set the adoption date D' }).click();
  await other.getByText(`The adoption date is set once, and it is already set: ${shown(D)}.`).waitFor();
  await axe(other, 'decision, D refused');
  await shot(other, '39-lv-decision-adoption-refused');
  await other.getByRole('button', { name: 'Reload' }).click();
  await other.locator('dd', { hasText: shown(D) }).waitFor();
  assert.deepEqual(a.jsErrors, []);
  assert.deepEqual(other.jsErrors, []);
  await a.context().close();
  await other.context().close();
});

test('a decision that does not exist is explained', async () => {
  const page = await b.page();
  await signIn(page, `varam-d-${run}`, 'lv-varam', ['coordinator']);
  await page.goto(`${page.url().split('#')[0]}#/decisions/01jd8w0a1b2c3d4e5f6g7h8j9k`);
  await page.getByText('This was not found, or it is not visible to you.').waitFor();
  await axe(page, 'decision not found');
  await page.context().close();
});
