// Compliance monitoring of ICT projects in a real Chromium against the local gateway
// (contract part two, "Compliance monitoring of ICT projects"; 004 ¶19–¶29): a clerk opens
// a project (refused without a name, the reason beside the field); the service integrator
// assesses its planning stage from the served check set and is refused a level-1
// conclusion without a recommendation, the reason beside the recommendations; an R3
// budget overrun below the threshold is refused beside the actual budget; the clerk sees
// an overdue recommendation flagged after the scheduled sweep, marks it implemented and
// moves the project on; the service integrator freezes the year's report (a second freeze
// is refused in words), the authorized body coordinates it and downloads its CSV.
// axe-core on every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, axe, shot, signIn, unique, token, api, day, sweep } from './lib.mjs';

let b;
const run = unique();
const org = `kz-portal-mon-${run}`;
const clerk = `clerk-mon-${run}`;
const name = `Электрондық нотариат — 2-кезең ${run}`;
const recText = `Пересмотреть расчёт затрат на закупки ${run}`;
let objName = '';
let projectUrl = '';

before(async () => {
  b = await launch();
  // A registry object of the clerk's organisation for the project to name.
  const tok = await token(clerk, org, ['applicant']);
  objName = `Е-нотариат ${run}`;
  const o = await api(tok, 'POST', '/v1/objects', { name: objName, type: 'information_system', funding: 'state_investment' });
  assert.equal(o.status, 201, JSON.stringify(o.body));
});
after(async () => {
  await b.close();
});

test('a clerk opens an ICT project: refused without a name, then at the planning stage', async () => {
  const page = await b.page();
  await signIn(page, clerk, org, ['applicant']);
  await page.getByRole('link', { name: 'ICT projects' }).click();
  await page.getByRole('heading', { name: 'ICT projects under monitoring' }).waitFor();
  await page.getByText('No projects yet.').waitFor();
  await axe(page, 'projects (empty)');

  await page.getByRole('link', { name: 'Open an ICT project' }).click();
  await page.getByRole('heading', { name: 'Open an ICT project' }).waitFor();
  await page.getByLabel(objName).waitFor();
  await page.getByRole('button', { name: 'Open the project' }).click();
  await page.locator('#np-name-err').getByText('required: fill this in').waitFor();
  assert.equal(await page.locator('#np-name').getAttribute('aria-invalid'), 'true');
  await axe(page, 'open a project, refused');
  await shot(page, '31-project-open-field-error');

  await page.locator('#np-name').fill(name);
  await page.getByLabel(objName).check();
  await page.getByRole('button', { name: 'Open the project' }).click();
  await page.getByRole('heading', { name }).waitFor();
  await page.locator('dd .badge', { hasText: 'Planning' }).waitFor();
  await page.getByText('not assessed yet').waitFor();
  projectUrl = page.url();
  // The clerk owns it: the next stage is offered; the assessment form is not.
  await page.getByRole('button', { name: 'Move to "Investment"' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Record the assessment' }).count(), 0);
  await axe(page, 'project (clerk)');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the service integrator assesses the planning stage; level 1 without a recommendation is refused beside the field', async () => {
  assert.ok(projectUrl, 'the project of the first test');
  const page = await b.page();
  await signIn(page, `si-mon-${run}`, 'kz-si', ['service_integrator']);
  await page.getByRole('link', { name: 'ICT projects' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { name }).waitFor();
  // The planning stage's check set as the API serves it: P1 and P2 with their paragraphs.
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Assess the stage "Planning"' }) });
  await form.getByText('Legal basis: 004 ¶22.1').waitFor();
  await form.getByText('Legal basis: 004 ¶22.2').waitFor();
  assert.equal(await form.locator('input[type="checkbox"]').count(), 2);

  await form.getByLabel(/^P1 /).check();
  await form.getByLabel('Level 1: does not comply').check();
  await form.getByRole('button', { name: 'Record the assessment' }).click();
  await page.locator('#as-recommendations-err').getByText('a conclusion of level 1 or 2 needs at least one recommendation: add one with its due date (004 ¶25)').waitFor();
  await page.getByText('Some entries break a rule.').waitFor();
  await axe(page, 'assessment refused');
  await shot(page, '32-assessment-refused-no-recommendation');

  // Level 3 with a check that does not hold is refused beside that check.
  await form.getByLabel('Level 3: fully complies').check();
  await form.getByRole('button', { name: 'Record the assessment' }).click();
  await page.locator('#as-checks_P2-err').getByText('does not hold: "fully complies" needs every check of the stage to hold').waitFor();

  await form.getByLabel('Level 1: does not comply').check();
  await form.getByRole('button', { name: 'Add a recommendation' }).click();
  await form.getByLabel('Recommendation 1').fill(recText);
  await form.getByLabel('Due on').fill(day(30));
  await form.getByRole('button', { name: 'Record the assessment' }).click();
  await page.getByText('The assessment is recorded').waitFor();
  await page.locator('dd .badge', { hasText: 'Level 1: does not comply' }).waitFor();
  const rec = page.locator('tr', { hasText: recText });
  await rec.getByText('Open', { exact: true }).waitFor();
  // The form is offered again for the same stage, blank.
  await page.getByRole('heading', { name: 'Assess the stage "Planning"' }).waitFor();

  // R3: an overrun below the configured threshold is refused beside the actual budget.
  const risk = page.locator('form', { has: page.getByRole('heading', { name: 'Record a risk factor' }) });
  await risk.getByLabel('Risk factor').selectOption('R3');
  await risk.getByLabel('Evidence').fill('Казначейство: фактические расходы на 1 ноября');
  await risk.getByLabel('Planned').fill('100000000');
  await risk.getByLabel('Actual').fill('105000000');
  await risk.getByRole('button', { name: 'Record a risk factor' }).click();
  await page.locator('#rf-budget_actual-err').waitFor();
  await risk.getByLabel('Actual').fill('151000000');
  await risk.getByRole('button', { name: 'Record a risk factor' }).click();
  await page.getByText('The risk factor is recorded').waitFor();
  await page.locator('tr', { hasText: 'Significant overrun of the budgets' }).getByText('overrun 51%').waitFor();
  await axe(page, 'project (service integrator)');
  await shot(page, '33-project-assessed-risk-recorded');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the clerk sees an overdue recommendation flagged, marks it implemented and moves the project on', async () => {
  const page = await b.page();
  await signIn(page, clerk, org, ['applicant']);
  await page.locator('#lang').selectOption('ru');
  // The scheduled DeadlineCheck, run as of a moment past the recommendation's due moment
  // (004 ¶28.2), marks it overdue once. A sweep as of a future moment never moves the
  // table's watermark past the real today, and the tests before this one are done with
  // their clocks.
  const id = projectUrl.split('/').pop();
  const tok = await token(clerk, org, ['applicant']);
  const pre = await api(tok, 'GET', `/v1/projects/${id}`);
  assert.equal(pre.status, 200, JSON.stringify(pre.body));
  const open = pre.body.recommendations.find((x) => x.text === recText);
  assert.ok(open && open.state === 'open' && open.clock && open.clock.dueAt, JSON.stringify(pre.body.recommendations));
  await sweep(new Date(Date.parse(open.clock.dueAt) + 5 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
  const post = await api(tok, 'GET', `/v1/projects/${id}`);
  assert.equal(post.body.recommendations.find((x) => x.text === recText).state, 'overdue', JSON.stringify(post.body.recommendations));
  await page.goto(projectUrl);
  await page.getByRole('heading', { name }).waitFor();
  const rec = page.locator('tr', { hasText: recText });
  await rec.locator('.badge.overdue', { hasText: 'Просрочено' }).waitFor();
  await page.getByText('Уровень 1: не соответствует').first().waitFor();
  await axe(page, 'project, overdue recommendation (ru)');
  await shot(page, '34-project-recommendation-overdue-ru');

  await rec.getByRole('button', { name: /Отметить выполненной/ }).click();
  await page.getByText('Рекомендация отмечена выполненной.').waitFor();
  await page.locator('tr', { hasText: recText }).getByText('Выполнена').waitFor();
  await page.getByRole('button', { name: 'Перевести на «Инвестиционная»' }).click();
  await page.getByText('Проект переведён на стадию «Инвестиционная».').waitFor();
  await page.getByRole('heading', { name: 'Следующая стадия: Постинвестиционная' }).waitFor();
  await axe(page, 'project moved (ru)');
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test('the service integrator freezes the year\'s report; the authorized body coordinates it and downloads its forms', async () => {
  const year = day(0).slice(0, 4);
  const si = await b.page();
  await signIn(si, `si-rep-${run}`, 'kz-si', ['service_integrator']);
  await si.getByRole('link', { name: 'ICT projects' }).click();
  await si.getByRole('link', { name: 'Monitoring reports' }).click();
  await si.getByRole('heading', { name: 'Monitoring reports' }).waitFor();
  // A period that has not begun is refused beside the period.
  await si.locator('#fr-period').fill(`${Number(year) + 1}-Q1`);
  await si.getByRole('button', { name: 'Freeze the report of a period' }).click();
  await si.locator('#fr-period-err').waitFor();
  await si.locator('#fr-period').fill(year);
  await si.getByRole('button', { name: 'Freeze the report of a period' }).click();
  await si.getByRole('heading', { name: `Monitoring report ${year}` }).waitFor();
  await si.getByText('Submitted', { exact: true }).waitFor();
  assert.equal(await si.getByRole('button', { name: 'Coordinate the report' }).count(), 0, 'the service integrator does not coordinate');
  // The same period again: refused in words.
  await si.getByRole('link', { name: 'Monitoring reports' }).click();
  await si.getByRole('link', { name: year, exact: true }).waitFor();
  await si.locator('#fr-period').fill(year);
  await si.getByRole('button', { name: 'Freeze the report of a period' }).click();
  await si.getByText('A report of this period is already frozen').waitFor();
  await axe(si, 'monitoring reports, period taken');
  await shot(si, '35-monitoring-reports-period-taken');
  await si.context().close();

  const ab = await b.page();
  await signIn(ab, `ab-rep-${run}`, 'kz-mdai', ['authorized_body']);
  await ab.getByRole('link', { name: 'ICT projects' }).click();
  await ab.getByRole('link', { name: 'Monitoring reports' }).click();
  await ab.getByRole('link', { name: year, exact: true }).click();
  await ab.getByRole('heading', { name: `Monitoring report ${year}` }).waitFor();
  await ab.getByRole('button', { name: 'Coordinate the report' }).click();
  await ab.getByText('The report is coordinated').waitFor();
  await ab.locator('dd .badge', { hasText: 'Coordinated' }).waitFor();
  const [dl] = await Promise.all([ab.waitForEvent('download'), ab.getByRole('button', { name: 'Download (CSV)' }).click()]);
  assert.equal(dl.suggestedFilename(), `monitoring-report-${year}.csv`);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /section,id,org,projectId,projectName,stage,date,level,checks,state,factor,kind,text/);
  assert.ok(csv.includes(name), 'the clerk\'s project is in the year\'s report');
  // The printable form: the seed's Kazakh wording of the levels, made from the same snapshot.
  const [pr] = await Promise.all([ab.waitForEvent('download'), ab.getByRole('button', { name: 'Download the printable form (HTML)' }).click()]);
  assert.equal(pr.suggestedFilename(), `monitoring-report-${year}.html`);
  const html = readFileSync(await pr.path(), 'utf8');
  assert.ok(html.includes('архитектураға сәйкес келмейді') && html.includes(name), 'level 1 in Kazakh and the project');
  await axe(ab, 'monitoring report (authorized body)');
  await shot(ab, '36-monitoring-report-coordinated');
  assert.deepEqual(ab.jsErrors, []);
  await ab.context().close();
});
