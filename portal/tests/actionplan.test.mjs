// The Latvian open-government action plan as its people work on it, signed in (seed 001,
// contract part two): a plan recorded through the API by the State Chancellery, whose
// coordinator opens it from the top navigation and adds a measure on the plan page (first
// refused beside its fields); the responsible institution moves the measure on with a
// progress note and records a risk whose delay runs past the end (the early warning shown);
// a second clerk's stale page is refused in words (412) and shows the measure as it is now;
// an observer adds an opinion; the coordinator freezes the year's report and opens it. The
// lists: the plans (public and signed in), the decisions, the organisations' tree.
// axe-core on every screen; screenshots saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe, shot, signIn, unique, token, api, day, BASE } from './lib.mjs';

let b;
const run = unique();
const title = `Latvijas piektais nacionālais atvērtās pārvaldības rīcības plāns ${run}`;
const iub = `lv-iub-${run}`;
const knab = `lv-knab-${run}`;
const measure = 'Publisko iepirkumu līgumu datubāzes izveide — ģeogrāfiskā ērtība';
const year = Number(day(0, 'Europe/Riga').slice(0, 4));
let planId = '';
let measureId = '';
// A ministry and its institution (ids sort first among the organisations listed by id),
// and a decision binding them.
const ministry = `lv-aa-${run}`;
const agency = `lv-ab-${run}`;
const decision = `Par valsts IKT resursu konsolidāciju ${run}`;

// A date as the screens write it (en-GB).
const shown = (ymd) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })
  .format(new Date(`${ymd}T00:00:00Z`));
const home = (page) => page.url().split('#')[0];

before(async () => {
  b = await launch();
  const vk = await token(`vk-setup-${run}`, 'lv-vk', ['coordinator']);
  const plan = await api(vk, 'POST', '/v1/plans', { title, period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` } });
  assert.equal(plan.status, 201, JSON.stringify(plan.body));
  planId = plan.body.id;
  assert.equal((await api(vk, 'POST', `/v1/orgs/${ministry}`, { parent: null, name: 'Aizsardzības ministrija' })).status, 201);
  assert.equal((await api(vk, 'POST', `/v1/orgs/${agency}`, { parent: ministry, name: 'Valsts aizsardzības dienests' })).status, 201);
  const d = await api(vk, 'POST', '/v1/decisions', { title: decision, adoptedOn: null, orgs: [ministry] });
  assert.equal(d.status, 201, JSON.stringify(d.body));
});
after(async () => {
  await b.close();
});

test('the coordinator opens the plan and adds a measure: refused beside its fields first', async () => {
  const page = await b.page();
  await signIn(page, `vk-a-${run}`, 'lv-vk', ['coordinator']);
  await page.getByRole('link', { name: 'Plan measures' }).click();
  await page.getByRole('heading', { name: 'Open-government action plans' }).waitFor();
  await page.getByRole('heading', { name: 'Record a plan' }).waitFor();
  await axe(page, 'plans');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByText('The plan has no measures yet.').waitFor();

  // An institution's id in capitals and an end before the start: each refusal beside its field.
  await page.locator('#am-title').fill(measure);
  await page.locator('#am-commitment').fill('1. apņemšanās: Publisko iepirkumu un līgumu atklātība');
  await page.locator('#am-owner').fill('IUB');
  await page.locator('#am-coOwners').fill(knab);
  await page.locator('#am-start').fill(day(-10, 'Europe/Riga'));
  await page.locator('#am-end').fill(day(-20, 'Europe/Riga'));
  await page.locator('#am-definitionOfDone').fill('Datubāze publicēta data.gov.lv');
  await page.getByRole('button', { name: 'Add a measure' }).click();
  await page.locator('#am-owner-err').getByText('not an organisation id: lower-case letters, digits and hyphens, e.g. lv-iub').waitFor();
  await page.locator('#am-end-err').getByText('is before the start').waitFor();
  assert.equal(await page.locator('#am-owner').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#am-end').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#am-title').getAttribute('aria-invalid'), null);
  await page.getByText('Some entries break a rule.').waitFor();
  await axe(page, 'add a measure, refused');
  await shot(page, '40-lv-plan-measure-refused');

  await page.locator('#am-owner').fill(iub);
  await page.locator('#am-end').fill(day(30, 'Europe/Riga'));
  await page.getByRole('button', { name: 'Add a measure' }).click();
  await page.getByText('The measure is added; the responsible institution is told.').waitFor();
  const row = page.locator('table.measures tr', { hasText: measure });
  await row.getByText('Not started').waitFor();
  await row.getByText(`With: ${knab}`).waitFor();
  await row.getByText(`${shown(day(-10, 'Europe/Riga'))} — ${shown(day(30, 'Europe/Riga'))}`).waitFor();
  await row.getByText('on time').waitFor();
  measureId = (await row.getByRole('link', { name: measure }).getAttribute('href')).split('/').pop();
  assert.ok(measureId, 'the measure links to its page');
  assert.equal(await page.locator('#am-title').inputValue(), '', 'the form is empty again');
  await page.getByText('1 in all: 0 done, 0 in progress, 1 not started, 0 cancelled; 0 overdue').waitFor();
  await axe(page, 'plan page, coordinator');
  await shot(page, '41-lv-plan-coordinator');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the responsible institution moves the measure on with a note and records a risk: the early warning is shown', async () => {
  assert.ok(measureId);
  const page = await b.page();
  await signIn(page, `iub-a-${run}`, iub, ['applicant']);
  await page.getByRole('link', { name: 'Plan measures' }).waitFor();
  await page.goto(`${home(page)}#/plans/${planId}`);
  await page.getByRole('link', { name: measure }).click();
  await page.getByRole('heading', { name: measure }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Add a measure' }).count(), 0, 'only the coordinator adds measures');
  await page.getByText('Datubāze publicēta data.gov.lv').waitFor();

  await page.getByLabel('Status', { exact: true }).selectOption('in_progress');
  await page.getByLabel('Progress note').fill('Prasības saskaņotas ar IUB; nākamais solis — iepirkums.');
  await page.getByRole('button', { name: 'Save the status and note' }).click();
  await page.getByText('Saved; the progress log shows it.').waitFor();
  const log = page.locator('section', { has: page.getByRole('heading', { name: 'Action steps and progress' }) });
  await log.getByText('Prasības saskaņotas ar IUB; nākamais solis — iepirkums.').waitFor();
  await log.locator('li', { hasText: 'Prasības saskaņotas' }).getByText('In progress').waitFor();
  assert.equal(await page.getByLabel('Progress note').inputValue(), '', 'the note is in the log, the box empty again');

  // A delay of 60 days from today runs past the end (in 30 days): the coordinator is warned.
  await page.getByLabel(/Risk or obstacle/).fill('IUB tīmekļvietnes migrācija uz jauno platformu var aizkavēt publicēšanu');
  await page.getByLabel(/Expected delay/).fill('60');
  await page.getByRole('button', { name: 'Record a risk' }).click();
  await page.getByText('Early warning sent.').waitFor();
  await page.getByText(`A delay of 60 days from today runs past the end of the measure, ${shown(day(30, 'Europe/Riga'))}: the State Chancellery is warned now.`).waitFor();
  const risk = page.locator('tr', { hasText: 'IUB tīmekļvietnes migrācija' });
  await risk.getByText('60 days').waitFor();
  await risk.getByText('early warning sent').waitFor();
  const trail = page.locator('section', { has: page.getByRole('heading', { name: 'History' }) });
  await trail.getByText('Risk recorded').waitFor();
  await trail.getByText('Added to the plan').waitFor();
  await trail.getByText('Not started → In progress').waitFor();
  await axe(page, 'measure, responsible institution');
  await shot(page, '42-lv-measure-institution');

  // A risk that ends before the measure does: recorded, no warning.
  await page.getByLabel(/Risk or obstacle/).fill('Atvaļinājumu laiks');
  await page.getByLabel(/Expected delay/).fill('5');
  await page.getByRole('button', { name: 'Record a risk' }).click();
  await page.getByText('The risk is recorded; it does not run past the end of the measure.').waitFor();
  assert.equal(await page.locator('tr', { hasText: 'Atvaļinājumu laiks' }).getByText('early warning sent').count(), 0);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a change from a page gone stale is refused in words (412); the page shows the measure as it is now', async () => {
  assert.ok(measureId);
  const page = await b.page();
  await signIn(page, `iub-b-${run}`, iub, ['applicant']);
  await page.goto(`${home(page)}#/measures/${measureId}`);
  await page.getByRole('heading', { name: measure }).waitFor();
  // Meanwhile a colleague writes a note.
  const other = await token(`iub-c-${run}`, iub, ['applicant']);
  assert.equal((await api(other, 'PATCH', `/v1/measures/${measureId}`, { progressNote: 'Kolēģa piezīme: iepirkums izsludināts.' })).status, 200);

  await page.getByLabel('Status', { exact: true }).selectOption('done');
  await page.getByLabel('Progress note').fill('Datubāze publicēta.');
  await page.getByRole('button', { name: 'Save the status and note' }).click();
  await page.getByText('Someone else saved a change after you opened this page. The page now shows the current version: make your change again.').waitFor();
  await page.getByText('Kolēģa piezīme: iepirkums izsludināts.').waitFor();
  assert.equal(await page.getByLabel('Progress note').inputValue(), 'Datubāze publicēta.', 'what was typed is kept');
  await axe(page, 'measure, stale change');
  await shot(page, '43-lv-measure-stale');

  // Made again on the current version, it is saved.
  await page.getByRole('button', { name: 'Save the status and note' }).click();
  await page.getByText('Saved; the progress log shows it.').waitFor();
  await page.locator('dd').getByText('Done', { exact: true }).waitFor();
  assert.equal(await page.getByText('Someone else saved a change').count(), 0);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('an observer adds an opinion on the measure; the institution\'s forms are not offered', async () => {
  assert.ok(measureId);
  const p = await b.page();
  await signIn(p, `delna-${run}`, 'lv-delna', ['observer']);
  await p.getByRole('link', { name: 'Plan measures' }).waitFor();
  await p.goto(`${home(p)}#/measures/${measureId}`);
  await p.getByRole('heading', { name: measure }).waitFor();
  assert.equal(await p.getByRole('heading', { name: 'Status and progress' }).count(), 0);
  assert.equal(await p.getByRole('heading', { name: 'Record a risk' }).count(), 0);
  await p.getByText('No opinion yet.').waitFor();
  await p.getByRole('button', { name: 'Add an opinion' }).click();
  await p.locator('#mo-text-err').getByText('required').waitFor();
  await p.getByLabel(/Your opinion on the progress/).fill('Datubāze ir noderīga; lūdzam publicēt arī līgumu grozījumus.');
  await p.getByRole('button', { name: 'Add an opinion' }).click();
  await p.getByText('Your opinion is added to the measure.').waitFor();
  const ops = p.locator('section', { has: p.getByRole('heading', { name: 'Observers\' opinions' }) });
  await ops.getByText('Datubāze ir noderīga; lūdzam publicēt arī līgumu grozījumus.').waitFor();
  await ops.getByText(`delna-${run} (lv-delna)`, { exact: false }).waitFor();
  // In Latvian: the worksheet's own words.
  await p.locator('#lang').selectOption('lv');
  await p.getByRole('heading', { name: 'Novērotāju viedokļi' }).waitFor();
  await p.locator('dd').getByText('Izdarīts', { exact: true }).waitFor();
  await axe(p, 'measure, observer (lv)');
  await shot(p, '44-lv-measure-observer-lv');
  // And in Russian: the portal's words.
  await p.locator('#lang').selectOption('ru');
  await p.getByRole('heading', { name: 'Мнения наблюдателей' }).waitFor();
  await p.getByRole('heading', { name: 'Шаги и ход работ' }).waitFor();
  await p.locator('dd').getByText('Выполнено', { exact: true }).waitFor();
  assert.deepEqual(p.jsErrors, []);
  await p.context().close();
});

test('the coordinator freezes the year\'s report and opens its snapshot', async () => {
  assert.ok(measureId);
  const page = await b.page();
  await signIn(page, `vk-b-${run}`, 'lv-vk', ['coordinator']);
  await page.goto(`${home(page)}#/plans/${planId}`);
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByRole('button', { name: `Freeze the report for ${year}` }).click();
  await page.getByText(`The report for ${year} is frozen: every measure as it stands now.`).waitFor();
  const open = page.getByRole('link', { name: `Open the report for ${year}` });
  await open.waitFor();
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'History' }) });
  await history.getByText('Plan recorded').waitFor();
  await history.getByText('Annual report frozen').waitFor();
  assert.equal(await page.getByRole('button', { name: `Freeze the report for ${year}` }).count(), 0, 'a report is made once');
  await open.click();
  await page.getByRole('heading', { name: `Report on the measures for ${year}` }).waitFor();
  await page.getByText('1 in all: 1 done, 0 in progress, 0 not started, 0 cancelled; 0 overdue').waitFor();
  await page.locator('table.measures tr', { hasText: measure }).getByText('Done', { exact: true }).waitFor();
  await page.getByText(/SHA-256 [0-9a-f]{64}/).waitFor();
  await axe(page, 'plan report');
  await shot(page, '45-lv-plan-report');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the lists: the plans (public and signed in), the decisions, the organisations\' tree', async () => {
  // The public's list of plans, newest first, without sign-in.
  const pub = await b.page();
  await pub.goto(`${BASE}/#/public/plans`);
  await pub.getByRole('heading', { name: 'Open-government action plan' }).waitFor();
  const row = pub.locator('tr', { has: pub.getByRole('link', { name: title }) });
  await row.getByText(`${shown(`${year - 1}-01-01`)} — ${shown(`${year + 1}-12-31`)}`).waitFor();
  await axe(pub, 'public list of plans');
  await shot(pub, '46-lv-public-plans-list');
  await row.getByRole('link', { name: title }).click();
  await pub.getByRole('heading', { name: title }).waitFor();
  await pub.locator('table.measures tr', { hasText: measure }).waitFor();
  // From the public page to the signed-in one: the sign-in screen first.
  await pub.getByRole('link', { name: 'Work on this plan (sign-in)' }).click();
  await pub.getByLabel('Person (user id)').waitFor();
  assert.deepEqual(pub.jsErrors, []);
  await pub.context().close();

  // The coordinator's lists: the decisions, newest first, and the organisations' tree.
  const page = await b.page();
  await signIn(page, `vk-c-${run}`, 'lv-vk', ['coordinator']);
  await page.getByRole('link', { name: 'Decisions' }).click();
  await page.getByRole('heading', { name: 'ICT consolidation decisions' }).waitFor();
  const dr = page.locator('tr', { has: page.getByRole('link', { name: decision }) });
  await dr.getByText('not set: the deadlines wait for it').waitFor();
  assert.equal(await dr.locator('td').nth(2).innerText(), '1', 'one organisation bound');
  await axe(page, 'list of decisions');
  await shot(page, '47-lv-decisions-list');
  await dr.getByRole('link', { name: decision }).click();
  await page.getByRole('heading', { name: decision }).waitFor();

  await page.getByRole('link', { name: 'Organisations' }).click();
  await page.getByRole('heading', { name: 'Organisations and their hierarchy' }).waitFor();
  const node = page.locator('li', { hasText: ministry });
  const toggle = node.getByRole('button', { name: /1 subordinate/ });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('link', { name: 'Valsts aizsardzības dienests' }).count(), 0, 'the institutions under a ministry wait to be opened');
  await toggle.click();
  await node.getByRole('link', { name: 'Valsts aizsardzības dienests' }).waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await axe(page, 'organisations tree');
  await shot(page, '48-lv-organisations-tree');
  await node.getByRole('link', { name: 'Valsts aizsardzības dienests' }).click();
  await page.getByRole('heading', { name: 'Valsts aizsardzības dienests' }).waitFor();
  await page.getByText(ministry).waitFor();

  // The signed-in list of plans opens the plan page.
  await page.getByRole('link', { name: 'Plan measures' }).click();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: 'Annual reports' }).waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});
