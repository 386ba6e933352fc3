import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * The address phones on the same network can reach this machine at: the first non-internal IPv4 address,
 * private ranges (192.168/16, 10/8, 172.16/12 — the hall's Wi-Fi) before others, link-local (169.254/16, no
 * DHCP answer) last. Null when the machine has no network but loopback.
 */
export function lanIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | null {
  const candidates: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      // Node 18.0–18.3 reported family as a number; later versions as 'IPv4'.
      const v4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (v4 && !info.internal) candidates.push(info.address);
    }
  }
  const rank = (a: string) => (isPrivate(a) ? 0 : a.startsWith('169.254.') ? 2 : 1);
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

function isPrivate(a: string): boolean {
  if (a.startsWith('192.168.') || a.startsWith('10.')) return true;
  const m = /^172\.(\d+)\./.exec(a);
  return !!m && Number(m[1]) >= 16 && Number(m[1]) <= 31;
}

/**
 * The base of printed and returned links when PUBLIC_URL is unset: the LAN address and the listening port when
 * the server binds every interface, else the bound host (a server bound to 127.0.0.1 cannot be reached anyway).
 */
export function lanBaseUrl(host: string, port: number, interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>): string | null {
  if (host !== '0.0.0.0' && host !== '::') return null;
  const ip = lanIPv4(interfaces);
  return ip ? `http://${ip}:${port}` : null;
}

/** True when links built on this base only open on this very machine. */
export function isLocalOnly(base: string): boolean {
  try {
    const h = new URL(base).hostname;
    return h === 'localhost' || h.startsWith('127.') || h === '[::1]' || h.endsWith('.localhost');
  } catch {
    return true;
  }
}
