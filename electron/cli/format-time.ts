/** Human renderings of times for tables: absolute (UTC) and relative. */

export function formatUnixUtc(unix: number): string {
  const date = new Date(unix * 1000);
  if (Number.isNaN(date.getTime())) return `@${unix}`;
  return date.toISOString().replace('.000Z', 'Z');
}

export function formatRelativeSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  let text: string;
  if (abs < 60) text = `${abs}s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)}m${abs % 60 ? ` ${abs % 60}s` : ''}`;
  else if (abs < 86400) text = `${Math.floor(abs / 3600)}h ${Math.floor((abs % 3600) / 60)}m`;
  else text = `${Math.floor(abs / 86400)}d ${Math.floor((abs % 86400) / 3600)}h`;
  return seconds < 0 ? `${text} ago` : `in ${text}`;
}
