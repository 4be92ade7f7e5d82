// After a build: what ships, raw and gzipped, and the script the first screen loads
// (what index.html names), against the 200 kB target. Written to .build/portal-size.json.
import { readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = new URL('../../functions/portal/site/app/', import.meta.url).pathname;
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(out);
const rows = files.map((p) => {
  const b = readFileSync(p);
  return { file: p.slice(out.length), bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
});
const html = readFileSync(join(out, 'index.html'), 'utf8');
const firstScripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g), ...html.matchAll(/href="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const firstScriptGzip = rows.filter((r) => firstScripts.includes(r.file)).reduce((a, r) => a + r.gzip, 0);
const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
for (const r of rows) console.log(`portal: ${r.file.padEnd(34)} ${String(r.bytes).padStart(8)} B  ${String(r.gzip).padStart(7)} B gzipped`);
console.log(`portal: total ${total.bytes} B, ${total.gzip} B gzipped; script of the first screen ${firstScriptGzip} B gzipped (target < 200000)`);
const repo = new URL('../../', import.meta.url).pathname;
mkdirSync(join(repo, '.build'), { recursive: true });
writeFileSync(join(repo, '.build/portal-size.json'), JSON.stringify({ files: rows, total, firstScreenScriptGzip: firstScriptGzip }, null, 2));
if (firstScriptGzip > 200000) {
  console.error('portal: the first screen\'s script is over the 200 kB target');
  process.exit(1);
}
