// Bundles the preview app (src/main.jsx: React, JSON Forms and its vanilla renderers, the CSS
// as text) into ONE minified script, ../preview/app.js, and writes ../preview/LICENSES.txt with
// the licence of every npm package the script contains. The gbvims binary embeds both
// (targets/src/web/preview.rs); `cargo build` never runs this.
//
//   node build.mjs           rebuild the committed files
//   node build.mjs --check   fail (exit 1) if the committed files differ from a fresh build
//
// The output is deterministic: pinned versions (package-lock.json), no timestamps, packages
// listed in name order.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'preview');
const check = process.argv.includes('--check');

const result = await esbuild.build({
  entryPoints: [join(here, 'src/main.jsx')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'chrome100',
  minify: true,
  jsx: 'automatic',
  charset: 'utf8',
  legalComments: 'none', // collected into LICENSES.txt below, whole
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.css': 'text' },
  outfile: join(outDir, 'app.js'),
  logLevel: 'warning',
});
const js = result.outputFiles[0].text;

// The npm packages whose files went into the script, with their licence texts.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) continue;
  const nameParts = parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
  const dir = join(here, ...parts.slice(0, at + 1 + nameParts.length));
  if (packages.has(dir)) continue;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f))
    .sort()[0];
  if (!licenceFile) throw new Error(`${pkg.name}: no licence file in ${relative(here, dir)}`);
  packages.set(dir, {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license,
    text: readFileSync(join(dir, licenceFile), 'utf8').replace(/\r\n/g, '\n').trim(),
  });
}
const list = [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const licences =
  'The gbvims web preview (app.js) bundles these npm packages, built by targets/web/preview-app/build.mjs.\n' +
  list.map((p) => `- ${p.name} ${p.version} (${p.license})`).join('\n') +
  '\n\n' +
  list.map((p) => `${'='.repeat(78)}\n${p.name} ${p.version}\n${'='.repeat(78)}\n\n${p.text}\n`).join('\n');

const outputs = [
  ['app.js', js],
  ['LICENSES.txt', licences],
];
if (check) {
  const stale = outputs.filter(([name, text]) => {
    const path = join(outDir, name);
    return !existsSync(path) || readFileSync(path, 'utf8') !== text;
  });
  if (stale.length) {
    console.error(
      `preview asset stale: ${stale.map(([n]) => `targets/web/preview/${n}`).join(', ')} differ from a fresh build; ` +
        'run targets/web/preview-app/rebuild.sh and commit the result',
    );
    process.exit(1);
  }
  console.log(`preview asset up to date (app.js ${js.length} bytes, ${list.length} packages)`);
} else {
  for (const [name, text] of outputs) writeFileSync(join(outDir, name), text);
  console.log(`wrote targets/web/preview/app.js (${js.length} bytes) and LICENSES.txt (${list.length} packages)`);
}
