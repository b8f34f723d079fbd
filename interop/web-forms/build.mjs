// Bundles src/main.js (Vue + @getodk/web-forms) into dist/ with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const t0 = Date.now();
await esbuild.build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  format: 'esm',
  splitting: true,
  outdir: out,
  entryNames: 'main',
  chunkNames: 'chunk-[hash]',
  platform: 'browser',
  target: 'chrome120',
  define: {
    'process.env.NODE_ENV': '"production"',
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  loader: { '.png': 'dataurl', '.svg': 'dataurl', '.ico': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/index.html'), join(out, 'index.html'));
// The component injects its own CSS; main.css only exists so index.html has no 404.
writeFileSync(join(out, 'main.css'), '/* styles are injected by @getodk/web-forms */\n');
console.log(`built dist/ in ${Date.now() - t0} ms`);
