// The scenario in a real Chromium against the local gateway: a clerk creates a
// kz-operator-list application, is told what is missing, uploads every document, sees a
// renamed ZIP rejected and replaces it, submits; the authorized body, the service
// integrator and the authorized body take it to `included`; the public list shows it.
// Every screen passes axe-core; the main screens are saved as screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe, shot, signIn, BASE, pdf, zip, unique, token, api } from './lib.mjs';

const KINDS = ['is_description', 'technical_documentation', 'commissioning_document', 'user_count',
  'services_or_functions_list', 'deployment_counts', 'security_certificate', 'criteria_compliance'];

let b;
const run = unique();
const org = `kz-portal-${run}`;
// Cyrillic and Latvian letters in the object's name and in file names must survive.
const objectName = `Электронный нотариат — Ēkas ${run}`;
let appUrl = '';

before(async () => {
  b = await launch();
});
after(async () => {
  await b.close();
});

test('a clerk builds, corrects and submits a kz-operator-list application', async () => {
  const page = await b.page();
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await axe(page, 'welcome and sign-in');
  await shot(page, '01-welcome-sign-in');

  await signIn(page, `clerk-${run}`, org, ['applicant']);
  await page.getByRole('heading', { name: "Your organisation's applications" }).waitFor();
  await page.getByText('No applications yet.').waitFor();
  await axe(page, 'applications (empty)');

  // The new application: the form is the procedure's served `create` schema.
  await page.getByRole('link', { name: 'New application' }).first().click();
  await page.getByLabel('Choose the procedure').selectOption('kz-operator-list');
  // A name left empty is refused; the reason stands beside the field.
  await page.getByLabel('Type of the object').selectOption('information_system');
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await page.locator('#f-object-name-err').waitFor();
  assert.equal(await page.getByLabel('Name of the object').getAttribute('aria-invalid'), 'true');
  await axe(page, 'new application with a field error');
  await shot(page, '02-new-application-field-error');
  await page.getByLabel('Name of the object').fill(objectName);
  for (const c of ['1.1', '2.1', '3.1']) await page.locator(`[id="f-criteria-${c.replace('.', '_')}"]`).check();
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await page.getByRole('heading', { name: objectName }).waitFor();
  appUrl = page.url();
  await page.getByText('Annex 2 score: 3 points').waitFor();

  // Submitting too early: every missing document is named beside its upload.
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.locator('#file-is_description-err').waitFor();
  assert.equal(await page.locator('.docs .field-error').count(), 8, 'each of the 8 missing kinds is flagged beside its upload');
  await axe(page, 'application with submit errors');
  await shot(page, '03-submit-refused-missing-documents');

  // Upload every document; the commissioning document first as a renamed ZIP.
  for (const kind of KINDS) {
    const bad = kind === 'commissioning_document';
    const file = bad
      ? { name: 'Акт ввода в эксплуатацию.pdf', mimeType: 'application/pdf', buffer: zip('akts.txt', 'not a PDF at all') }
      : { name: `${kind} — dokumentācija ${run}.pdf`, mimeType: 'application/pdf', buffer: pdf(`${kind} ${run}`) };
    const row = page.locator('li.doc').filter({ has: page.locator(`#file-${kind}`) });
    await page.setInputFiles(`#file-${kind}`, file);
    await row.getByRole('button', { name: /Upload|Replace/ }).click();
    await row.locator(bad ? '.badge.doc-rejected' : '.badge.doc-valid').waitFor({ timeout: 60000 });
    await row.locator('.filename', { hasText: file.name }).waitFor();
  }
  const rejected = page.locator('li.doc').filter({ has: page.locator('#file-commissioning_document') });
  await rejected.locator('.reasons').waitFor();
  const why = await rejected.locator('.reasons').innerText();
  assert.match(why, /Rejected: .*(not a real PDF|renamed)/, why);
  await axe(page, 'application with a rejected document');
  await shot(page, '04-document-rejected-renamed-zip');

  // Replace it with a real PDF.
  await page.setInputFiles('#file-commissioning_document', { name: 'Акт ввода в эксплуатацию.pdf', mimeType: 'application/pdf', buffer: pdf(`акт ${run}`) });
  await rejected.getByRole('button', { name: 'Replace' }).click();
  await rejected.locator('.badge.doc-valid').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('li.doc .badge.doc-valid').count(), 8);
  await shot(page, '05-all-documents-valid');

  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Done: Submit.' }).waitFor();
  await page.locator('h1 .badge', { hasText: 'Check by the authorized body' }).waitFor();
  // The step's clock: due date in Almaty time, and why that date.
  await page.getByText(/Due .*, end of day \(Asia\/Almaty\)/).waitFor();
  await page.getByRole('button', { name: 'Why this date?' }).click();
  await page.getByText(/Day 0 is/).waitFor();
  await axe(page, 'submitted application with its deadline explained');
  await shot(page, '06-submitted-clock-explained');
  // The trail names the submission.
  await page.locator('ol.timeline').getByText('Draft → Check by the authorized body').waitFor();
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

// A reviewer acts on the step it owes: found in its queue, acted on from the page.
async function review(sub, orgId, roles, action, fill) {
  const page = await b.page();
  await signIn(page, sub, orgId, roles);
  await page.getByRole('heading', { name: 'Review queues' }).waitFor();
  await page.getByRole('link', { name: objectName }).click();
  await page.getByRole('heading', { name: objectName }).waitFor();
  if (fill) await fill(page);
  await page.getByRole('button', { name: action }).click();
  await page.getByRole('status').filter({ hasText: 'Done:' }).waitFor();
  return page;
}

test('the authorized body, the service integrator and the authorized body include it', async () => {
  assert.ok(appUrl, 'the first test made the application');
  let page = await review('ab-portal', 'kz-mdai', ['authorized_body'], 'Forward to the service integrator');
  await page.locator('h1 .badge', { hasText: 'Review by the service integrator' }).waitFor();
  await axe(page, 'application page of the authorized body');
  await page.context().close();

  page = await review('si-portal', 'kz-nitec', ['service_integrator'], 'Confirm: Give the recommendation', async (p) => {
    await p.getByLabel('Complies', { exact: true }).check();
    await p.getByLabel('Note').fill('Соответствует архитектуре; atbilst arhitektūrai.');
  });
  await page.locator('h1 .badge', { hasText: 'Decision of the authorized body' }).waitFor();
  await page.context().close();

  page = await review('ab-portal', 'kz-mdai', ['authorized_body'], 'Confirm: Decide', async (p) => {
    await axe(p, 'decision form');
    await p.getByLabel('Include in the list').check();
  });
  await page.locator('h1 .badge', { hasText: 'Included in the list' }).waitFor();
  await axe(page, 'included application');
  await shot(page, '07-included-by-the-authorized-body');
  // The whole way in the trail, oldest first.
  const trail = await page.locator('ol.timeline').innerText();
  for (const step of ['Draft → Check by the authorized body', 'Check by the authorized body → Review by the service integrator',
    'Review by the service integrator → Decision of the authorized body', 'Decision of the authorized body → Included in the list']) {
    assert.ok(trail.includes(step), `trail lacks "${step}":\n${trail}`);
  }
  await page.context().close();
});

test('the public list shows it without sign-in, in Russian and Latvian too', async () => {
  const page = await b.page();
  await page.goto(`${BASE}/#/public/operator-list`);
  await page.getByRole('cell', { name: objectName }).waitFor();
  await axe(page, 'public operator list');
  await shot(page, '08-public-operator-list');
  await page.locator('#lang').selectOption('ru');
  await page.getByRole('heading', { name: /Перечень объектов ИКТ-инфраструктуры/ }).waitFor();
  await page.getByRole('cell', { name: 'Информационная система' }).first().waitFor();
  await page.getByRole('cell', { name: objectName }).waitFor();
  await axe(page, 'public operator list in Russian');
  await page.locator('#lang').selectOption('lv');
  await page.getByRole('link', { name: 'Lejupielādēt visu sarakstu (CSV)' }).waitFor();
  await shot(page, '09-public-operator-list-lv');
  // The CSV the link gives holds the name intact.
  const csv = await (await fetch(`${BASE}/v1/public/operator-list?format=csv`)).text();
  assert.ok(csv.includes(objectName), 'the CSV keeps the Cyrillic and Latvian letters');
  await page.context().close();
});

test('the clerk reads the included application in Latvian, dates in Almaty time', async () => {
  // A browser set to Latvian opens the portal in Latvian.
  const page = await b.page('lv-LV');
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Laipni lūdzam' }).waitFor();
  await page.goto(`${BASE}/#/signin`);
  await page.getByLabel('Persona (lietotāja ID)').fill(`clerk-${run}`);
  await page.getByLabel('Iestāde', { exact: true }).fill(org);
  await page.locator('form').getByRole('button', { name: 'Pieteikties' }).click();
  await page.getByRole('heading', { name: 'Jūsu iestādes pieteikumi' }).waitFor();
  await page.getByRole('link', { name: objectName }).click();
  await page.locator('h1 .badge', { hasText: 'Iekļauts sarakstā' }).waitFor();
  await page.getByText(/Termiņš .*\(Asia\/Almaty\)/).first().waitFor();
  await page.getByText(`Акт ввода в эксплуатацию.pdf`).first().waitFor();
  await axe(page, 'application page in Latvian');
  await shot(page, '10-application-in-latvian');
  // The inbox has the status changes of the organisation's application.
  await page.getByRole('link', { name: 'Iesūtne' }).click();
  await page.locator('ul.notices li').first().waitFor();
  await axe(page, 'inbox in Latvian');
  await shot(page, '11-inbox-lv');
  await page.context().close();
});

test('the application exists once, with one valid document per kind and the rejected one', async () => {
  const id = appUrl.split('/').pop();
  const tok = await token(`clerk-${run}`, org, ['applicant']);
  const r = await api(tok, 'GET', `/v1/applications/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'included');
  const byKind = {};
  for (const d of r.body.documents) (byKind[d.kind] = byKind[d.kind] || []).push(d.status);
  for (const k of KINDS) assert.deepEqual(byKind[k], k === 'commissioning_document' ? ['rejected', 'valid'] : ['valid'], k);
});
