/**
 * Why a payload failed its schema, told from the schema alone: the field's
 * path and what the schema wanted there. Never the payload's values, since a
 * secret may sit in any of them, and never zod's own messages, which quote
 * the input for enums, literals and unknown keys. The payload is only
 * consulted to tell a missing field from a wrong one.
 *
 * Keys that come from the payload (unknown fields, record keys in a path)
 * are named only when they look like one of the contract's field names: a
 * short identifier. Anything else is shown as `…`.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** As long as the contract's longest field name, with room; no punctuation. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
/** Issues told in one message; the rest are counted. */
const MAX_TOLD = 3;

function safeKey(key: PropertyKey): string {
  return typeof key === 'string' && FIELD_NAME.test(key) ? key : '…';
}

/** `ref.id`, `roots[2]`, `provider.extraParams.…`; `the request` for the root. */
export function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the request';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      return index === 0 ? safeKey(key) : `.${safeKey(key)}`;
    })
    .join('');
}

/** Whether the payload has anything at `path` (own properties only). */
function isPresent(payload: unknown, path: readonly PropertyKey[]): boolean {
  let current = payload;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      return false;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};

function sizeWords(origin: string, bound: number | bigint): string {
  const plural = bound === 1 || bound === 1n ? '' : 's';
  if (origin === 'string') return `${bound} character${plural}`;
  if (origin === 'array' || origin === 'set') return `${bound} item${plural}`;
  return `${bound}`;
}

/** One problem, without the path: "is missing", "must be a string". */
function reason(issue: Issue, payload: unknown, path: readonly PropertyKey[]): string {
  switch (issue.code) {
    case 'invalid_type':
      if (path.length > 0 && !isPresent(payload, path)) return 'is missing';
      return `must be ${Object.hasOwn(TYPE_WORDS, issue.expected) ? TYPE_WORDS[issue.expected] : issue.expected}`;
    case 'too_big':
      return `is too ${issue.origin === 'string' || issue.origin === 'array' ? 'long' : 'large'} (at most ${sizeWords(issue.origin, issue.maximum)})`;
    case 'too_small':
      return `is too ${issue.origin === 'string' || issue.origin === 'array' ? 'short' : 'small'} (at least ${sizeWords(issue.origin, issue.minimum)})`;
    case 'invalid_format':
      return 'has the wrong format';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      // The accepted values come from the schema, never from the payload.
      return `must be ${issue.values.map((value) => JSON.stringify(value) ?? String(value)).join(' or ')}`;
    case 'unrecognized_keys': {
      const named = issue.keys.filter((key) => FIELD_NAME.test(key));
      const unnamed = issue.keys.length - named.length;
      const parts = [...named.map((key) => `"${key}"`)];
      if (unnamed > 0) parts.push(`${unnamed} more`);
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not take: ${parts.join(', ')}`;
    }
    case 'invalid_union': {
      if ('options' in issue && issue.options !== undefined && issue.options.length > 0) {
        // A discriminated union's tags, from the schema.
        return `must be ${issue.options.map((value) => JSON.stringify(value) ?? String(value)).join(' or ')}`;
      }
      const closest = closestForm(issue.errors);
      if (closest === undefined) return 'matches none of the forms it may take';
      // Wrong as a whole (not an object, say): every form would say the same.
      if (closest.path.length === 0) return reason(closest, payload, path);
      // Issues inside a form have paths relative to the union's place.
      const innerPath = [...path, ...closest.path];
      return `matches none of the forms it may take (closest: ${describePath(innerPath)} ${reason(closest, payload, innerPath)})`;
    }
    case 'invalid_key':
      return 'has a key that is not valid';
    case 'invalid_element':
      return 'has an item that is not valid';
    default:
      return 'is not valid';
  }
}

/** The first issue of the form that came nearest to matching (fewest issues). */
function closestForm(forms: readonly (readonly Issue[])[]): Issue | undefined {
  let best: readonly Issue[] | undefined;
  for (const form of forms) {
    if (form.length > 0 && (best === undefined || form.length < best.length)) best = form;
  }
  return best?.[0];
}

export interface IssueSummary {
  /** e.g. "ref.id is missing; windowS is too large (at most 31536000)" */
  text: string;
  /** The first field at fault (its path), or null when the whole request is. */
  input: string | null;
}

export function describeIssues(issues: readonly Issue[], payload: unknown): IssueSummary {
  const told = issues
    .slice(0, MAX_TOLD)
    .map((issue) => `${describePath(issue.path)} ${reason(issue, payload, issue.path)}`);
  if (issues.length > MAX_TOLD) told.push(`and ${issues.length - MAX_TOLD} more`);
  const first = issues[0];
  return {
    text: told.join('; '),
    input: first === undefined || first.path.length === 0 ? null : describePath(first.path),
  };
}
