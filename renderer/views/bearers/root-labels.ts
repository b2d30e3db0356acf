/**
 * How the Root column names a root. Paths are long and their useful end
 * (`…/agents/tokens`) is what tells roots apart, so the label keeps the end:
 * the last two segments, more when another root ends the same way. The cell
 * carries the full path as its tooltip.
 */

const SEPARATOR = /[\\/]/;
const MIN_SEGMENTS = 2;

function segmentsOf(root: string): string[] {
  return root.split(SEPARATOR).filter((segment) => segment !== '');
}

function tail(root: string, count: number): string {
  const segments = segmentsOf(root);
  if (segments.length <= count) return root;
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return `…${separator}${segments.slice(-count).join(separator)}`;
}

/** Each root's shortest tail of at least two segments that no other root shares. */
export function rootLabels(roots: Iterable<string>): Map<string, string> {
  const distinct = [...new Set(roots)];
  const labels = new Map<string, string>();
  for (const root of distinct) {
    const depth = segmentsOf(root).length;
    let count = MIN_SEGMENTS;
    let label = tail(root, count);
    while (
      count < depth &&
      distinct.some((other) => other !== root && tail(other, count) === label)
    ) {
      count++;
      label = tail(root, count);
    }
    labels.set(root, label);
  }
  return labels;
}
