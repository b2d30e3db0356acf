/** The whole store state as text (Maps included), to look for a secret anywhere in it. */
export function stateText(state: unknown): string {
  return JSON.stringify(state, (_key, value: unknown) =>
    value instanceof Map ? [...value.entries()] : value,
  );
}
