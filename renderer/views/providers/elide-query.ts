/**
 * A token URL as the providers list shows it: query values (which may carry
 * an API key or a tenant secret someone put there) replaced by `…`, the
 * parameter names kept so the user still recognises the URL.
 */
export function elideQueryValues(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url.split('#')[0] ?? url;
  const end = url.indexOf('#', start);
  const query = url.slice(start + 1, end < 0 ? undefined : end);
  const elided = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=…`;
    })
    .join('&');
  return `${url.slice(0, start)}?${elided}`;
}
