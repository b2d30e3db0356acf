/**
 * Quotes user-supplied, non-secret input (an id, a name, a path) for an error
 * message: JSON-style escapes so control characters cannot forge terminal
 * output, and a length cap so a hostile input cannot flood the screen.
 */
export function quoteForMessage(input: string, maxChars = 80): string {
  const shown = input.length > maxChars ? `${input.slice(0, maxChars)}…` : input;
  return JSON.stringify(shown);
}
