/**
 * JSON that survives a read-modify-write unchanged as values. JSON.parse
 * cannot do that: it rounds integers beyond 2^53 (a Rust u64 in a field we do
 * not know would silently change) and Node 20 has no JSON.rawJSON to write
 * them back. Here numbers keep their source text, objects are Maps (insertion
 * order kept, `__proto__` is just a key), and output has exactly the layout of
 * JSON.stringify(value, null, 2), which is also serde_json's pretty layout.
 *
 * Syntax errors give a line number, never a quote of the text: a key file may
 * hold anything, and an error message must not carry it.
 */

/** A JSON number as written in the source, so no digit is ever lost. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`${reason} (line ${line})`);
  }
}

/** serde_json's default recursion limit: deeper files are refused by the seed too. */
export const MAX_JSON_DEPTH = 128;

// JSON forbids raw control characters in strings; the class must name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

/**
 * A class with charCodeAt scanning, not closures and regexes per token: a
 * mint parses the whole file while holding the lock (some 0.8 ms for 1,000
 * keys against 3 ms for the closure version), and other writers wait.
 */
class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly refuseDuplicateKeys: boolean,
  ) {}

  fail(reason: string): never {
    let line = 1;
    for (let i = 0; i < this.pos && i < this.text.length; i++)
      if (this.text.charCodeAt(i) === 10) line++;
    throw new JsonSyntaxError(reason, line);
  }
  private failAt(offset: number, reason: string): never {
    this.pos += offset;
    return this.fail(reason);
  }

  /** Skips white space; the next character code (NaN at the end). */
  peek(): number {
    const text = this.text;
    let pos = this.pos;
    let code = text.charCodeAt(pos);
    while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++pos);
    this.pos = pos;
    return code;
  }
  /** Fast path: no escape before the closing quote. */
  string(): string {
    const text = this.text;
    const start = this.pos;
    for (let i = start + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 34) {
        this.pos = i + 1;
        return text.slice(start + 1, i);
      }
      if (code === 92 || code < 32) break;
    }
    STRING.lastIndex = start;
    const match = STRING.exec(text);
    if (!match) return this.fail('bad string');
    this.pos = start + match[0].length;
    // A token already known to be a valid string literal: JSON.parse decodes its escapes.
    return JSON.parse(match[0]) as string;
  }
  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected character');
    this.pos += word.length;
    return value;
  }
  value(depth: number): JsonValue {
    const code = this.peek();
    if (code === 34) return this.string();
    if (code === 123 || code === 91) {
      if (depth >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      this.pos++;
      return code === 123 ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (code === 116) return this.literal('true', true);
    if (code === 102) return this.literal('false', false);
    if (code === 110) return this.literal('null', null);
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match)
      return this.fail(this.pos >= this.text.length ? 'unexpected end' : 'unexpected character');
    this.pos += match[0].length;
    return new JsonNumber(match[0]);
  }
  object(depth: number): JsonObject {
    const object: JsonObject = new Map();
    if (this.peek() === 125) {
      this.pos++;
      return object;
    }
    for (;;) {
      if (this.peek() !== 34) this.fail('expected a field name');
      const key = this.string();
      if (this.peek() !== 58) this.fail('expected ":"');
      if (this.refuseDuplicateKeys && object.has(key)) this.fail('a field name appears twice');
      this.pos++;
      // A repeated field keeps its first place and its last value, like JSON.parse.
      object.set(key, this.value(depth));
      const next = this.peek();
      this.pos++;
      if (next === 125) return object;
      if (next !== 44) this.failAt(-1, 'expected "," or "}"');
    }
  }
  array(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    if (this.peek() === 93) {
      this.pos++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth));
      const next = this.peek();
      this.pos++;
      if (next === 93) return array;
      if (next !== 44) this.failAt(-1, 'expected "," or "]"');
    }
  }
}
export interface LosslessParseOptions {
  /**
   * Refuse an object that names a field twice. JSON.parse keeps the last
   * value silently; for input a user typed, which one was meant is a guess.
   */
  refuseDuplicateKeys?: boolean;
}

export function parseJsonLossless(text: string, options: LosslessParseOptions = {}): JsonValue {
  const parser = new Parser(text, options.refuseDuplicateKeys ?? false);
  const value = parser.value(0);
  if (!Number.isNaN(parser.peek())) parser.fail('unexpected text after the value');
  return value;
}

/** Strings JSON.stringify would write as they are, between quotes (it escapes control characters). */
// eslint-disable-next-line no-control-regex
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function quote(text: string): string {
  return PLAIN_STRING.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** Exactly JSON.stringify(value, null, 2) for the same value, numbers as written. */
export function stringifyJsonPretty(value: JsonValue): string {
  let out = '';
  const write = (item: JsonValue, indent: string): void => {
    if (typeof item === 'string') out += quote(item);
    else if (item === null) out += 'null';
    else if (typeof item === 'boolean') out += item ? 'true' : 'false';
    else if (item instanceof JsonNumber) out += item.text;
    else if (Array.isArray(item)) {
      if (item.length === 0) {
        out += '[]';
        return;
      }
      const inner = `${indent}  `;
      out += '[';
      for (let i = 0; i < item.length; i++) {
        out += i === 0 ? `\n${inner}` : `,\n${inner}`;
        write(item[i]!, inner);
      }
      out += `\n${indent}]`;
    } else {
      if (item.size === 0) {
        out += '{}';
        return;
      }
      const inner = `${indent}  `;
      out += '{';
      let first = true;
      for (const [key, element] of item) {
        out += `${first ? '' : ','}\n${inner}${quote(key)}: `;
        first = false;
        write(element, inner);
      }
      out += `\n${indent}}`;
    }
  };
  write(value, '');
  return out;
}
