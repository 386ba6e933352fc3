import { describe, expect, it } from 'vitest';
import { TokenSigner } from '../../server/auth/tokens.js';
import { JOIN_CODE_LENGTH, newJoinCode } from '../../server/auth/ids.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { JoinCode } from '../../shared/protocol/http.js';

describe('[U2] tokens, join codes and configuration', () => {
  const signer = new TokenSigner('a-secret-a-secret-a-secret-a-secret!');

  it('person tokens round-trip and resist tampering', () => {
    const t = signer.personToken('s1', 'p1', 'participant');
    expect(signer.verifyPerson(t)).toMatchObject({ sid: 's1', pid: 'p1', role: 'participant' });
    const [body, mac] = t.split('.');
    const evil = Buffer.from(JSON.stringify({ k: 'p', sid: 's1', pid: 'p1', role: 'moderator', iat: 1 })).toString('base64url');
    expect(signer.verifyPerson(`${evil}.${mac}`)).toBeNull();
    expect(signer.verifyPerson(`${body}.${mac}x`)).toBeNull();
    expect(signer.verifyPerson(`${body}`)).toBeNull();
    expect(signer.verifyPerson(42)).toBeNull();
    expect(new TokenSigner('another-secret-another-secret-12345').verifyPerson(t)).toBeNull();
    // An invitation is not a person token and vice versa.
    expect(signer.verifyPerson(signer.inviteToken('s1'))).toBeNull();
    expect(signer.verifyInvite(t)).toBeNull();
    expect(signer.verifyInvite(signer.inviteToken('s1'))).toMatchObject({ sid: 's1', role: 'observer' });
  });

  it('join codes avoid look-alike characters and parse leniently', () => {
    const codes = new Set(Array.from({ length: 2000 }, newJoinCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${JOIN_CODE_LENGTH}}$`));
    expect(JoinCode.parse(' abcd-2345 ')).toBe('ABCD2345');
    expect(JoinCode.safeParse('AB').success).toBe(false);
    expect(JoinCode.safeParse('ABCD 2345 <script>').success).toBe(false);
  });

  it('configuration: defaults for the embedded mode, clear errors for bad values', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, redisUrl: null, demo: true, organiserKeyGenerated: true });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis://x:6379' })).toThrow(/TOKEN_SECRET and ORGANISER_KEY/);
    expect(() => loadConfig({ ORGANISER_KEY: 'short' })).toThrow(/ORGANISER_KEY/);
  });
});
