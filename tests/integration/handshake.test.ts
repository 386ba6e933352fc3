import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { connectError } from '../helpers/clients.js';
import { MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { TokenSigner } from '../../server/auth/tokens.js';

describe('[H1] the handshake', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer();
    const session = await createSession(server);
    token = (await joinSession(server, session.joinCode, 'Hana')).token;
  });
  afterAll(() => server.close());

  it('refuses a too-old and a too-new client with a named reason', async () => {
    expect((await connectError(server.url, { token, protocol: MIN_SUPPORTED_PROTOCOL - 1 })).data?.code).toBe('PROTOCOL_TOO_OLD');
    expect((await connectError(server.url, { token, protocol: PROTOCOL_VERSION + 1 })).data?.code).toBe('PROTOCOL_TOO_NEW');
  });

  it('refuses missing, forged and foreign tokens', async () => {
    expect((await connectError(server.url, {})).data?.code).toBe('UNAUTHENTICATED');
    expect((await connectError(server.url, { token: `${token}x`, protocol: PROTOCOL_VERSION })).data?.code).toBe('UNAUTHENTICATED');
    const [body] = token.split('.');
    const forged = `${body}.${new TokenSigner('another-secret-another-secret-12345').personToken('s', 'p', 'moderator').split('.')[1]}`;
    expect((await connectError(server.url, { token: forged, protocol: PROTOCOL_VERSION })).data?.code).toBe('UNAUTHENTICATED');
    const otherServerToken = new TokenSigner('another-secret-another-secret-12345').personToken('s_x', 'p_x', 'moderator');
    expect((await connectError(server.url, { token: otherServerToken, protocol: PROTOCOL_VERSION })).data?.code).toBe('UNAUTHENTICATED');
  });
});
