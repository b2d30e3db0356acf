/**
 * The renderer's build: renderer/index.html and its module graph into
 * dist/renderer/, for the desktop window and for `credvault ui` alike.
 * Both serve it under a CSP without inline script or eval, so the build
 * emits nothing inline: no module-preload polyfill (Chromium has
 * modulepreload), no inlined assets (every file is fetched from 'self'),
 * and a check that fails the build if the page ever holds inline code.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** What the page's CSP (script-src 'self'; style-src 'self') would block. */
const INLINE_CODE: ReadonlyArray<[RegExp, string]> = [
  [/<script\b(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
  [/<style\b/i, 'a <style> element'],
  [/\sstyle\s*=/i, 'a style attribute'],
  [/\son[a-z]+\s*=/i, 'an event-handler attribute'],
  [/javascript:/i, 'a javascript: URL'],
];

function refuseInlineCode(): Plugin {
  return {
    name: 'credvault-refuse-inline-code',
    apply: 'build',
    // Written files, not hooks' views of them: Vite adds its own tags to the
    // page after other plugins' bundle hooks have run.
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        const path = join(options.dir ?? '', file.fileName);
        const html = readFileSync(path, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
        const problems = INLINE_CODE.filter(([pattern]) => pattern.test(html)).map(
          ([, what]) => `holds ${what}, which the page's CSP blocks`,
        );
        if (!html.includes('http-equiv="Content-Security-Policy"')) {
          problems.push('lost its Content-Security-Policy meta tag');
        }
        if (problems.length > 0) {
          rmSync(path); // Nothing may serve it.
          this.error(`${file.fileName} ${problems.join('; ')}`);
        }
      }
    },
  };
}

export default defineConfig({
  root: here('./renderer'),
  // Relative URLs: the same files load from the app's bundle or from loopback http.
  base: './',
  plugins: [react(), refuseInlineCode()],
  resolve: {
    alias: { '@shared': here('./shared') },
  },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
