// The Latvian open-government action plan as open data (seed 001, contract part two): a
// plan and its measures made through the API by the State Chancellery and the responsible
// institution, read without sign-in in a browser set to Latvian, with the worksheet's
// status words, the overdue days, Latvian letters intact on the page and in the CSV the
// link downloads. axe-core on each screen; screenshots saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, axe, shot, BASE, unique, token, api, day, sweep } from './lib.mjs';

let b;
const run = unique();
const title = `Latvijas ceturtais nacionālais atvērtās pārvaldības rīcības plāns ${run}`;
const late = 'Digitālā iepirkumu risku izvērtēšanas rīka publicēšana';
const done = 'Datu atlases metožu aprakstu izstrāde — ģeogrāfiskā ērtība';
let planId = '';

before(async () => {
  b = await launch();
  // The coordinator records the plan and two rows of the worksheet (001 S6): one done, one
  // still "Notiek izstrāde" 210 days after its end (Europe/Riga).
  const vk = await token(`vk-${run}`, 'lv-vk', ['coordinator']);
  const iubOrg = `lv-iub-${run}`;
  const iub = await token(`iub-${run}`, iubOrg, ['applicant']);
  const year = Number(day(0, 'Europe/Riga').slice(0, 4));
  const plan = await api(vk, 'POST', '/v1/plans', { title, period: { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` } });
  assert.equal(plan.status, 201, JSON.stringify(plan.body));
  planId = plan.body.id;
  const end = day(-210, 'Europe/Riga');
  const m1 = await api(vk, 'POST', `/v1/plans/${planId}/measures`, {
    title: late, owner: iubOrg, coOwners: ['lv-knab'], commitment: '1. apņemšanās: Publisko iepirkumu un līgumu atklātība',
    start: day(-300, 'Europe/Riga'), end, definitionOfDone: 'Rīks publicēts IUB tīmekļvietnē' });
  assert.equal(m1.status, 201, JSON.stringify(m1.body));
  const m2 = await api(vk, 'POST', `/v1/plans/${planId}/measures`, {
    title: done, owner: iubOrg, commitment: '1. apņemšanās: Publisko iepirkumu un līgumu atklātība',
    start: day(-300, 'Europe/Riga'), end: day(-250, 'Europe/Riga') });
  assert.equal(m2.status, 201, JSON.stringify(m2.body));
  assert.equal((await api(iub, 'PATCH', `/v1/measures/${m1.body.id}`, { status: 'in_progress', progressNote: 'Notiek izstrāde' })).status, 200);
  assert.equal((await api(iub, 'PATCH', `/v1/measures/${m2.body.id}`, { status: 'done', progressNote: 'Izdarīts' })).status, 200);
});
after(async () => {
  await b.close();
});

test('the public plan reads in Latvian without sign-in, and its CSV downloads with the letters intact', async () => {
  const page = await b.page('lv-LV');
  await page.goto(`${BASE}/#/public/plans/${planId}`);
  await page.getByRole('heading', { name: title }).waitFor();
  const row = page.locator('tr', { hasText: late });
  await row.getByText('Notiek izstrāde').waitFor();
  await row.getByText('nokavēts par 210 dienām').waitFor();
  assert.match(await row.innerText(), /Līdzatbildīgie: lv-knab/);
  await page.locator('tr', { hasText: done }).getByText('Izdarīts').waitFor();
  await page.getByText('kopā 2: izdarīti 1, notiek izstrāde 1, nav uzsākti 0, atcelti 0; nokavēti 1').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Pieteikties' }).count(), 1, 'nobody is signed in');
  await axe(page, 'public plan in Latvian');
  await shot(page, '27-public-plan-lv');

  // The CSV link: a download named after the plan, UTF-8 with a byte-order mark.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lejupielādēt pasākumus (CSV)' }).click()]);
  assert.ok(dl.suggestedFilename().startsWith('Latvijas ceturtais nacionālais'), dl.suggestedFilename());
  const csv = readFileSync(await dl.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
  const text = csv.toString('utf8');
  assert.ok(text.includes(late) && text.includes(done), 'both measures, letters intact');
  assert.ok(text.includes('Notiek izstrāde,true,210'), text);

  // Only the overdue ones.
  await page.getByLabel(/Tikai nokavētie pasākumi/).check();
  assert.equal(await page.locator('table.measures tbody tr').count(), 1);
  await page.getByLabel(/Tikai nokavētie pasākumi/).uncheck();
  // The same page in English: the portal's words, the same dates.
  await page.locator('#lang').selectOption('en');
  await page.locator('tr', { hasText: late }).getByText('210 days overdue').waitFor();
  await page.locator('tr', { hasText: late }).getByText('In progress').waitFor();
  await page.getByRole('heading', { name: 'Annual reports' }).waitFor();
  await axe(page, 'public plan in English');
  await shot(page, '28-public-plan-en');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('a plan that does not exist is explained, and the plan page asks for an id', async () => {
  const page = await b.page();
  await page.goto(`${BASE}/#/public/plans/01jd8w0a1b2c3d4e5f6g7h8j9k`);
  await page.getByText('There is no plan with this id.').waitFor();
  await axe(page, 'plan not found');
  await page.getByRole('link', { name: 'Action plan' }).click();
  await page.getByRole('heading', { name: 'Open-government action plan' }).waitFor();
  await page.getByLabel('Plan id').fill(planId);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  await page.context().close();
});

test('a Latvian institution sees whether the freeze reaches it and may check an investment', async () => {
  const vk = await token(`varam-${run}`, 'lv-varam', ['coordinator']);
  const zm = `lv-zm-${run}`;
  const lad = `lv-lad-${run}`;
  assert.equal((await api(vk, 'POST', `/v1/orgs/${zm}`, { parent: null, name: 'Zemkopības ministrija' })).status, 201);
  assert.equal((await api(vk, 'POST', `/v1/orgs/${lad}`, { parent: zm, name: 'Lauku atbalsta dienests' })).status, 201);
  const page = await b.page('lv-LV');
  await page.goto(`${BASE}/#/signin`);
  await page.getByLabel('Persona (lietotāja ID)').fill(`lad-${run}`);
  await page.getByLabel('Iestāde', { exact: true }).fill(lad);
  await page.locator('form').getByRole('button', { name: 'Pieteikties' }).click();
  await page.getByRole('link', { name: 'Mana iestāde' }).click();
  assert.equal(await page.getByRole('link', { name: 'IKT projekti' }).count(), 0, 'monitoring of ICT projects is Kazakhstan\'s (004)');
  await page.getByRole('heading', { name: 'Lauku atbalsta dienests' }).waitFor();
  await page.getByText(`${zm}`).waitFor();
  await page.getByText('Nav iesaldēts').waitFor();
  await page.getByLabel('Kategorija').selectOption('storage');
  await page.getByRole('button', { name: 'Pārbaudīt' }).click();
  await page.getByText('Atļauts: investīcijas kategorijā “Datu glabāšana”.').waitFor();
  await axe(page, 'organisation, not frozen');
  await shot(page, '29-lv-organisation-not-frozen');

  // Frozen through its ministry, for real: a decision naming the ministry, adopted three
  // months and three days ago (Riga), and the scheduled DeadlineCheck as of now fires its
  // §6.2 gate (000 §6.2); the freeze reaches the subordinate institution at read time.
  const [y, m, d] = day(0, 'Europe/Riga').split('-').map(Number);
  const adopted = new Date(Date.UTC(y, m - 1 - 3, d - 3)).toISOString().slice(0, 10);
  const dec = await api(vk, 'POST', '/v1/decisions', { title: `Par IKT konsolidāciju ${run}`, adoptedOn: adopted, orgs: [zm] });
  assert.equal(dec.status, 201, JSON.stringify(dec.body));
  await sweep(new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  const frozen = await api(vk, 'GET', `/v1/orgs/${lad}`);
  assert.ok(frozen.body.freeze && frozen.body.freeze.via === zm && frozen.body.freeze.decisionId === dec.body.id, JSON.stringify(frozen.body));
  await page.reload();
  await page.getByText('Iesaldēts', { exact: true }).waitFor();
  await page.getByText(`caur augstāk stāvošo iestādi ${zm}`).waitFor();
  await page.getByRole('button', { name: 'Pārbaudīt' }).click();
  await page.getByText('Nav atļauts: investīcijas kategorijā “Serveri” ir apturētas iesaldēšanas dēļ.').waitFor();
  await page.getByRole('link', { name: 'Lūgt VARAM saskaņot ārkārtas investīciju' }).waitFor();
  await axe(page, 'organisation, frozen');
  await shot(page, '30-lv-organisation-frozen');
  await page.context().close();
});
