import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { isLocalOnly, lanBaseUrl, lanIPv4 } from '../../server/net/lanAddress.js';
import { originAllowed } from '../../server/realtime/originCheck.js';

const nic = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as unknown as NetworkInterfaceInfo;

describe('[RL1] reachable links: the LAN address', () => {
  it('picks a private IPv4 address over loopback, IPv6, public and link-local ones', () => {
    const ifaces = {
      lo: [nic('127.0.0.1', true), nic('::1', true, 'IPv6')],
      docker0: [nic('169.254.3.4')],
      eth1: [nic('84.12.3.4')],
      wlan0: [nic('fe80::1', false, 'IPv6'), nic('192.168.1.23')],
    };
    expect(lanIPv4(ifaces)).toBe('192.168.1.23');
    expect(lanIPv4({ eth0: [nic('172.20.0.5')], eth1: [nic('172.40.0.5')] })).toBe('172.20.0.5');
    expect(lanIPv4({ lo: [nic('127.0.0.1', true)] })).toBeNull();
  });

  it('builds the link base only when the server listens on every interface', () => {
    const ifaces = { wlan0: [nic('10.0.0.7')] };
    expect(lanBaseUrl('0.0.0.0', 3000, ifaces)).toBe('http://10.0.0.7:3000');
    expect(lanBaseUrl('::', 8080, ifaces)).toBe('http://10.0.0.7:8080');
    expect(lanBaseUrl('127.0.0.1', 3000, ifaces)).toBeNull();
    expect(lanBaseUrl('0.0.0.0', 3000, {})).toBeNull();
  });

  it('tells local-only bases apart', () => {
    expect(isLocalOnly('http://localhost:3000')).toBe(true);
    expect(isLocalOnly('http://127.0.0.1:3000')).toBe(true);
    expect(isLocalOnly('http://192.168.1.23:3000')).toBe(false);
    expect(isLocalOnly('https://dialogue.example.org')).toBe(false);
  });

  it('the WebSocket origin check accepts a page opened on the LAN address (PUBLIC_URL unset)', () => {
    const policy = { publicUrl: null, allowedOrigins: [] };
    expect(originAllowed(policy, 'http://192.168.1.23:3000', '192.168.1.23:3000')).toBe(true);
    expect(originAllowed(policy, 'http://evil.example', '192.168.1.23:3000')).toBe(false);
  });
});
