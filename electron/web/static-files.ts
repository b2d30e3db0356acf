/**
 * The built renderer (dist/renderer/), served read-only. A request path maps
 * to a file only when it is plainly a path inside that folder: no dot
 * segments (`.`, `..`, or any name starting with a dot), no encoded slash,
 * backslash or dot (`%2f`, `%5c`, `%2e`), no backslash or NUL; and the file's
 * real path (symlinks resolved) must still lie inside the folder. Anything
 * else is a 404 that names nothing.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Larger than any file the renderer build emits; a guard against serving something odd. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The path's segments when it is a safe path inside the folder, else null. */
export function safeSegments(path: string): string[] | null {
  if (/%(2f|5c|2e|00)/i.test(path) || path.includes('\\') || path.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.length === 1 && segments[0] === '') return ['index.html'];
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return null;
  return segments;
}

export class StaticFiles {
  private realRoot: string | null = null;

  constructor(readonly root: string) {}

  /** The file a request path names, or null (not there, or not a path we serve). */
  async find(path: string): Promise<StaticFile | null> {
    const segments = safeSegments(path);
    if (segments === null) return null;
    const contentType = CONTENT_TYPES[extname(segments.at(-1) ?? '').toLowerCase()];
    if (contentType === undefined) return null;
    try {
      this.realRoot ??= await realpath(this.root);
      const root = this.realRoot;
      const file = await realpath(join(root, ...segments));
      if (!file.startsWith(root + sep)) return null;
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_FILE_BYTES) return null;
      return { body: await readFile(file), contentType };
    } catch {
      return null;
    }
  }
}
