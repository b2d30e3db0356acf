/**
 * The bearers filter: every space-separated word must appear, case
 * insensitively, in the row's id, root, status, token kind, provider, or its
 * error or warning text. A word may be scoped to one column as `field:word`
 * (`status:expired`, `provider:acme`, `root:/srv`, `kind:jwt`, `id:agent`).
 *
 * A keystroke filters all rows again, so each row's searchable text is built
 * once per row object and cached (rows are replaced, never mutated).
 */
import type { BearerSummary } from './bearer-ref';

const FIELDS = {
  id: (row: BearerSummary) => row.id,
  root: (row: BearerSummary) => row.root,
  status: (row: BearerSummary) => `${row.status} ${row.status.replace('_', ' ')}`,
  kind: (row: BearerSummary) => row.tokenKind ?? '',
  provider: (row: BearerSummary) => row.provider ?? '',
  warning: (row: BearerSummary) => `${row.error ?? ''} ${row.warning ?? ''}`,
} as const;
type Field = keyof typeof FIELDS;

interface Term {
  field: Field | null;
  text: string;
}

type Searchable = Record<Field, string> & { all: string };
const cache = new WeakMap<BearerSummary, Searchable>();

function searchable(row: BearerSummary): Searchable {
  let entry = cache.get(row);
  if (entry === undefined) {
    const parts = {} as Record<Field, string>;
    for (const field of Object.keys(FIELDS) as Field[]) {
      parts[field] = FIELDS[field](row).toLowerCase();
    }
    entry = { ...parts, all: Object.values(parts).join('\n') };
    cache.set(row, entry);
  }
  return entry;
}

function isField(name: string): name is Field {
  return Object.hasOwn(FIELDS, name);
}

export function parseFilter(query: string): Term[] {
  const terms: Term[] = [];
  for (const word of query.toLowerCase().split(/\s+/)) {
    if (word === '') continue;
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon) : '';
    // `https://…` or `c:` is text to find, not a field.
    if (isField(field) && colon < word.length - 1) {
      terms.push({ field, text: word.slice(colon + 1) });
    } else {
      terms.push({ field: null, text: word });
    }
  }
  return terms;
}

export function matchesFilter(row: BearerSummary, terms: readonly Term[]): boolean {
  if (terms.length === 0) return true;
  const text = searchable(row);
  return terms.every((term) => text[term.field ?? 'all'].includes(term.text));
}

/** The rows that match, in the order given. */
export function filterBearers(
  rows: readonly BearerSummary[],
  query: string,
): readonly BearerSummary[] {
  const terms = parseFilter(query);
  if (terms.length === 0) return rows;
  return rows.filter((row) => matchesFilter(row, terms));
}
