// What the portal's browser tests share: Debian's Chromium driven by playwright-core (the
// flags of shared/design/browser-tests.md), the local gateway that infra/test.sh started
// (ICTGOV_API_URL), axe-core run inside the page, screenshots as test artifacts, and
// small API calls for what a test needs set up around the screen it checks.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';

export const BASE = (process.env.ICTGOV_API_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
const repo = new URL('../../', import.meta.url).pathname;
export const SHOTS = process.env.PORTAL_SCREENSHOTS || join(repo, '.build/portal-screenshots');
mkdirSync(SHOTS, { recursive: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// launch starts Chromium; Playwright gives it a new empty profile (--user-data-dir) of
// its own and removes it on close.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.ICTGOV_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=en-GB'],
  });
  return {
    browser,
    // A new person: a context of their own (own sessionStorage), 1280 wide, English.
    async page(locale = 'en-GB') {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId: 'Europe/Berlin' });
      const page = await context.newPage();
      page.setDefaultTimeout(20000);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
      page.jsErrors = errors;
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

// axe runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and fails on any
// serious or critical violation, naming the rule and the elements.
export async function axe(page, screen) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }),
  );
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`),
    [],
    `accessibility violations on ${screen}`,
  );
  return res;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// signIn uses the sign-in screen as a person would.
export async function signIn(page, sub, org, roles) {
  await page.goto(`${BASE}/#/signin`);
  await page.getByLabel('Person (user id)').fill(sub);
  await page.getByLabel('Organisation', { exact: true }).fill(org);
  for (const box of await page.locator('input[id^="role-"]').all()) {
    const want = roles.includes((await box.getAttribute('id')).slice(5));
    if ((await box.isChecked()) !== want) await box.click();
  }
  await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${sub}`).waitFor();
}

// --- the API, for what surrounds the screen under test -----------------------------------

export async function token(sub, org, roles) {
  const r = await fetch(`${BASE}/dev/token`, { method: 'POST', body: JSON.stringify({ sub, org, roles }) });
  assert.equal(r.status, 200);
  return (await r.json()).token;
}

export async function api(tok, method, path, body) {
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json', 'Idempotency-Key': `t-${Math.random()}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

export async function sweep(at) {
  const r = await fetch(`${BASE}/dev/schedules/DeadlineCheck/Hourly?time=${encodeURIComponent(at)}`, { method: 'POST' });
  assert.equal(r.status, 200, await r.text());
}

export const unique = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

// --- files the validator judges ---------------------------------------------------------

// pdf is a small real PDF (header and end-of-file marker), different per label.
export function pdf(label) {
  return Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

// zip is a real ZIP archive holding one text file: renamed to .pdf, the validator must
// see through the name.
export function zip(name, content) {
  const data = Buffer.from(content);
  const comp = deflateRawSync(data);
  const fname = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data), 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(comp.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fname.length, 28);
  const cdOffset = local.length + fname.length + comp.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fname.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fname, comp, central, fname, end]);
}

// --- days and object documents, for what a test sets up through the API ------------------

// day is the calendar date offset days from today in a country's zone (YYYY-MM-DD).
export function day(offset = 0, zone = 'Asia/Almaty') {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date()).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

// objectDoc uploads a real PDF as a valid document of an object (of its development dev
// when given) and waits for the validator's verdict.
export async function objectDoc(tok, objId, kind, dev) {
  const bytes = pdf(`${kind} ${objId} ${dev || ''}`);
  const sum = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
  const body = { kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: bytes.length, sha256: sum };
  if (dev) body.development = dev;
  const slot = await api(tok, 'POST', `/v1/objects/${objId}/documents`, body);
  assert.equal(slot.status, 201, JSON.stringify(slot.body));
  const put = await fetch(slot.body.upload.url, { method: 'PUT', headers: slot.body.upload.headers, body: bytes });
  assert.equal(put.status, 200);
  for (let i = 0; i < 100; i++) {
    const d = await api(tok, 'GET', `/v1/objects/${objId}/documents/${slot.body.id}`);
    if (d.body.status !== 'pending_upload') {
      assert.equal(d.body.status, 'valid', JSON.stringify(d.body));
      return slot.body.id;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no verdict on ${kind}`);
}
