import { readFileSync, realpathSync } from 'node:fs';

/** "ext4 (/dev/vda) mounted on /" for the mount holding `path`, from /proc/mounts. */
export function filesystemOf(path: string): string {
  try {
    const real = realpathSync(path);
    let best: { mount: string; type: string; device: string } | null = null;
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, mount, type] = line.split(' ');
      if (!device || !mount || !type) continue;
      const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (inside && (best === null || mount.length > best.mount.length))
        best = { mount, type, device };
    }
    return best ? `${best.type} (${best.device}) mounted on ${best.mount}` : 'unknown filesystem';
  } catch {
    return `unknown filesystem (no /proc/mounts on ${process.platform})`;
  }
}
