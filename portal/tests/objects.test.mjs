// The registry's objects in a real Chromium against the local gateway (contract part two,
// "Objects and their life cycle"; 003): a clerk registers an object, uploads the documents
// of its first stages, is refused a stage move with the missing document named beside its
// upload, uploads it, and walks the object to operation (the middle of the walk through
// the API, the first and last moves and uploads through the screens); the warranty starts.
// The authorized body finds it in the not-eligible queue until its technical
// documentation is on record; a development project starts; the page reads in Russian.
// Every screen passes axe-core; the screens are saved as screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe, shot, signIn, BASE, pdf, unique, token, api, day, objectDoc } from './lib.mjs';

let b;
const run = unique();
const org = `kz-portal-obj-${run}`;
const clerk = `clerk-obj-${run}`;
const supplier = `kz-soft-${run}`;
// Cyrillic and Kazakh letters in the name must survive.
const name = `Е-әкімдік — реестр ${run}`;
let objUrl = '';

before(async () => {
  b = await launch();
});
after(async () => {
  await b.close();
});

// upload puts a file into one document row of the object page and waits for its verdict.
async function upload(page, fid, fileName, label) {
  const row = page.locator('li.doc').filter({ has: page.locator(`#${fid}`) });
  await page.setInputFiles(`#${fid}`, { name: fileName, mimeType: 'application/pdf', buffer: pdf(`${label} ${run}`) });
  await row.getByRole('button', { name: /Upload|Replace/ }).click();
  await row.locator('.badge.doc-valid').waitFor({ timeout: 60000 });
  await row.locator('.filename', { hasText: fileName }).waitFor();
}

// A date as the screens write it in English ("Mon, 2 November 2026" in en-GB).
const longDate = (ymd) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' })
  .format(new Date(`${ymd}T00:00:00Z`));

test('a clerk registers an object and walks it to operation; the warranty starts', async () => {
  const page = await b.page();
  await signIn(page, clerk, org, ['applicant']);
  await page.getByRole('link', { name: 'Objects' }).click();
  await page.getByRole('heading', { name: 'Objects and their life cycle' }).waitFor();
  await page.getByText('No objects.').waitFor();
  await axe(page, 'objects (empty)');

  // Registering: an empty form is refused, each reason beside its field.
  await page.getByRole('link', { name: 'Register an object' }).click();
  await page.getByRole('heading', { name: 'Register an object' }).waitFor();
  await page.getByRole('button', { name: 'Register the object' }).click();
  await page.locator('#no-name-err').waitFor();
  await page.locator('#no-type-err').waitFor();
  assert.equal(await page.locator('#no-name').getAttribute('aria-invalid'), 'true');
  await axe(page, 'register an object, refused');
  await shot(page, '20-object-register-field-errors');
  await page.locator('#no-name').fill(name);
  await page.locator('#no-type').selectOption('information_system');
  await page.getByLabel('State investment').check();
  await page.locator('#no-supplier').fill(supplier);
  await page.locator('#no-initiatedOn').fill(day(-40));
  await page.getByRole('button', { name: 'Register the object' }).click();
  await page.getByRole('heading', { name }).waitFor();
  objUrl = page.url();

  // The next stage names its four documents (a state investment project, 003 §6 ¶2–§8).
  const next = page.locator('section.next');
  await next.getByRole('heading', { name: 'Next stage: Engineering' }).waitFor();
  assert.equal(await next.locator('li.doc').count(), 4);
  await next.getByText('4 of 4 are still missing').waitFor();
  await upload(page, 'next-terms_of_reference', `Техническое задание ${run}.pdf`, 'tor');
  await upload(page, 'next-cost_calculation', 'Расчёт стоимости.pdf', 'cost');
  await upload(page, 'next-informatization_conclusion', 'Заключение — informatizācija.pdf', 'inf');
  await next.getByText('1 of 4 are still missing').waitFor();

  // The move is refused: the missing conclusion is named beside its upload.
  await page.locator('#next-on').fill(day(-30));
  await next.getByRole('button', { name: 'Move to "Engineering"' }).click();
  const why = page.locator('#next-security_conclusion-err');
  await why.waitFor();
  assert.match(await why.innerText(), /no valid document yet; required by 003 §6 ¶2/);
  assert.equal(await page.locator('#next-security_conclusion').getAttribute('aria-invalid'), 'true');
  assert.equal(await next.locator('.field-error').count(), 1, 'only the missing document is flagged');
  await next.getByText('Some entries break a rule').waitFor();
  await axe(page, 'stage move refused');
  await shot(page, '21-object-stage-refused-missing-document');

  // Uploaded, the move goes through; then trial operation, which needs nothing.
  await upload(page, 'next-security_conclusion', 'Заключение ИБ.pdf', 'sec');
  await next.getByText('Every document the stage "Engineering" needs is valid.').waitFor();
  await next.getByRole('button', { name: 'Move to "Engineering"' }).click();
  await page.getByRole('status').filter({ hasText: 'The object entered the stage "Engineering".' }).waitFor();
  await page.getByRole('heading', { name: 'Next stage: Trial operation' }).waitFor();
  await page.getByText('The stage "Trial operation" needs no document.').waitFor();
  await page.locator('#next-on').fill(day(-25));
  await page.getByRole('button', { name: 'Move to "Trial operation"' }).click();
  await page.getByRole('status').filter({ hasText: 'The object entered the stage "Trial operation".' }).waitFor();
  await shot(page, '22-object-timeline-trial-operation');

  // The middle of the walk through the API, as another tab of the same clerk would.
  const id = objUrl.split('/').pop();
  const tok = await token(clerk, org, ['applicant']);
  await objectDoc(tok, id, 'trial_operation_act');
  let r = await api(tok, 'POST', `/v1/objects/${id}/stage`, { to: 'is_testing', on: day(-20) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await objectDoc(tok, id, 'is_test_result');
  r = await api(tok, 'POST', `/v1/objects/${id}/stage`, { to: 'implementation', on: day(-15) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await objectDoc(tok, id, 'source_code_transfer');

  // The last step through the screen: the commissioning act, then operation.
  await page.reload();
  await page.getByRole('heading', { name: 'Next stage: Operation' }).waitFor();
  await page.getByText('1 of 2 are still missing').waitFor();
  await upload(page, 'next-commissioning_act', 'Акт ввода в промышленную эксплуатацию.pdf', 'act');
  await page.locator('#next-on').fill(day(-10));
  await page.getByRole('button', { name: 'Move to "Operation"' }).click();
  await page.getByRole('status').filter({ hasText: 'The object entered the stage "Operation".' }).waitFor();

  // The warranty: twelve months from the day of commissioning (003 §16 9)).
  const w = page.locator('section', { has: page.getByRole('heading', { name: 'Warranty' }) });
  await w.locator('.badge.warranty-running').waitFor();
  const until = new Date(`${day(-10)}T00:00:00Z`);
  until.setUTCFullYear(until.getUTCFullYear() + 1);
  const text = await w.innerText();
  assert.ok(text.includes(longDate(day(-10))), text);
  assert.ok(text.includes(longDate(until.toISOString().slice(0, 10))), text);
  await w.getByRole('link', { name: 'Report a failure under the warranty' }).waitFor();
  // The timeline: six stages entered, each with its day; termination ahead.
  const lc = page.locator('ol.lifecycle').first();
  assert.equal(await lc.locator('li.lc-done').count(), 5);
  assert.equal(await lc.locator('li.lc-current').getAttribute('aria-current'), 'step');
  for (const d of [day(-40), day(-30), day(-25), day(-20), day(-15), day(-10)]) assert.ok((await lc.innerText()).includes(longDate(d)), d);
  // Now the next stage is termination, offered with its warning, not as the main action.
  await page.getByRole('heading', { name: 'Termination of the object (003 §19)' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Terminate the object' }).isDisabled(), true);
  // The trail names each stage.
  const trail = page.locator('ol.timeline');
  await trail.getByText('Implementation → Operation').waitFor();
  await axe(page, 'object in operation');
  await shot(page, '23-object-in-operation-warranty');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the authorized body finds it not eligible for budget support until its technical documentation is on record', async () => {
  assert.ok(objUrl, 'the first test registered the object');
  const ab = await b.page();
  await signIn(ab, `ab-obj-${run}`, 'kz-mdai', ['authorized_body']);
  await ab.goto(`${BASE}/#/objects`);
  await ab.getByRole('heading', { name: 'Objects and their life cycle' }).waitFor();
  await ab.getByLabel(/Only objects in operation whose expenses are not supported/).check();
  await ab.getByRole('table', { name: 'Objects in operation whose expenses are not supported' }).waitFor();
  const row = ab.locator('tr', { has: ab.getByRole('link', { name }) });
  await row.waitFor();
  assert.match(await row.innerText(), /Operation[\s\S]*Not supported/);
  assert.ok(ab.url().endsWith('#/objects?eligible=false'), ab.url());
  await axe(ab, 'not-eligible queue');
  await shot(ab, '24-objects-not-eligible-queue');

  // The clerk reads why on the object's page and uploads the technical documentation.
  const page = await b.page();
  await signIn(page, clerk, org, ['applicant']);
  await page.goto(objUrl);
  const budget = page.locator('section', { has: page.getByRole('heading', { name: 'Budget support of operation' }) });
  await budget.getByText('Not supported').waitFor();
  await budget.getByText('Technical documentation').waitFor();
  assert.equal(await page.locator('#add-doc-kind').inputValue(), 'technical_documentation', 'the missing kind is chosen already');
  await page.setInputFiles('#add-doc-file', { name: 'Техническая документация.pdf', mimeType: 'application/pdf', buffer: pdf(`td ${run}`) });
  await page.locator('form.add-doc').getByRole('button', { name: 'Upload' }).click();
  await budget.locator('.badge.ok', { hasText: 'Supported' }).waitFor({ timeout: 60000 });
  await page.locator('table .filename', { hasText: 'Техническая документация.pdf' }).waitFor();
  await axe(page, 'object eligible');

  // It leaves the queue; the list filtered by stage shows it with its verdict.
  await ab.reload();
  await ab.getByRole('table').or(ab.getByText('Every object in operation meets the budget conditions.')).first().waitFor();
  assert.equal(await ab.locator('tr', { has: ab.getByRole('link', { name }) }).count(), 0, 'no longer in the queue');
  await ab.getByLabel(/Only objects in operation/).uncheck();
  await ab.locator('#obj-stage').selectOption('operation');
  const row2 = ab.locator('tr', { has: ab.getByRole('link', { name }) });
  await row2.locator('.badge.ok', { hasText: 'Supported' }).waitFor();
  await ab.context().close();
  await page.context().close();
});

test('a development starts, and the object page reads in Russian with Almaty dates', async () => {
  const page = await b.page();
  await signIn(page, clerk, org, ['applicant']);
  await page.goto(objUrl);
  const dev = page.locator('section', { has: page.getByRole('heading', { name: 'Development projects' }) });
  await dev.getByRole('heading', { name: 'Start a development' }).waitFor();
  // Without a performer it is refused beside the field.
  await dev.getByRole('button', { name: 'Start a development' }).click();
  await dev.locator('#sd-performer-err').waitFor();
  await dev.getByLabel("The organisation's own staff").check();
  await dev.getByLabel('What the development adds').fill('Модуль электронного архива');
  await dev.getByRole('button', { name: 'Start a development' }).click();
  await page.getByRole('status').filter({ hasText: 'The development was started.' }).waitFor();
  await dev.getByRole('heading', { name: /Development 1: Модуль электронного архива/ }).waitFor();
  await dev.getByRole('heading', { name: 'Next stage of the development: Engineering' }).waitFor();
  assert.equal(await dev.locator('li.doc').count(), 4, "the object's funding route, a state investment: four documents");
  await axe(page, 'object with a development');
  await shot(page, '25-object-development');

  await page.locator('#lang').selectOption('ru');
  await page.getByRole('heading', { name: 'Жизненный цикл' }).waitFor();
  await page.locator('h1 .badge', { hasText: 'Эксплуатация' }).waitFor();
  await page.getByRole('heading', { name: 'Гарантия' }).waitFor();
  await page.getByText(/\(ALMT|GMT\+5|GMT\+6/).first().waitFor(); // recorded moments in Almaty time
  await axe(page, 'object page in Russian');
  await shot(page, '26-object-ru');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the object exists once, with every stage dated and its documents relied on', async () => {
  const id = objUrl.split('/').pop();
  const r = await api(await token(clerk, org, ['applicant']), 'GET', `/v1/objects/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.stage, 'operation');
  assert.deepEqual(r.body.stageHistory.map((h) => [h.stage, h.on]), [
    ['initiated', day(-40)], ['engineering', day(-30)], ['trial_operation', day(-25)], ['is_testing', day(-20)],
    ['implementation', day(-15)], ['operation', day(-10)]]);
  assert.deepEqual(Object.keys(r.body.stageHistory[1].documents).sort(),
    ['cost_calculation', 'informatization_conclusion', 'security_conclusion', 'terms_of_reference']);
  assert.equal(r.body.warranty.from, day(-10));
  assert.equal(r.body.supplier, supplier);
  const list = await api(await token(clerk, org, ['applicant']), 'GET', '/v1/objects');
  assert.equal(list.body.items.filter((o) => o.name === name).length, 1, 'registered once');
});

test('two clerks move the same object: the second is told plainly and sees the stage now', async () => {
  const tok = await token(clerk, org, ['applicant']);
  const made = await api(tok, 'POST', '/v1/objects', { name: `Гонка ${run}`, type: 'hardware_software_complex', funding: 'own_funds', initiatedOn: day(-5) });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  await objectDoc(tok, id, 'terms_of_reference');
  await objectDoc(tok, id, 'cost_calculation');
  // Two people of the organisation (the same person twice would be answered the same move:
  // the move's Idempotency-Key is the object, its version, the stage and the day).
  const [a, c] = [await b.page(), await b.page()];
  for (const [p, who] of [[a, clerk], [c, `${clerk}-2`]]) {
    await signIn(p, who, org, ['applicant']);
    await p.goto(`${BASE}/#/objects/${id}`);
    await p.getByText('Every document the stage "Engineering" needs is valid.').waitFor();
  }
  await a.getByRole('button', { name: 'Move to "Engineering"' }).click();
  await a.getByRole('status').filter({ hasText: 'The object entered the stage "Engineering".' }).waitFor();
  await c.getByRole('button', { name: 'Move to "Engineering"' }).click();
  await c.getByText('Someone else changed this first').waitFor();
  await c.getByRole('heading', { name: 'Next stage: Trial operation' }).waitFor();
  await c.locator('h1 .badge', { hasText: 'Engineering' }).waitFor();
  await axe(c, 'object moved by someone else');
  await a.context().close();
  await c.context().close();
});
