import net from 'node:net';

/**
 * A TCP proxy between a browser and a real server, to cut the link for real: Chromium's
 * setOffline() does not close an open WebSocket, destroying the TCP connections does.
 * - cut(): destroys every open connection and refuses new ones (like walking out of Wi-Fi range);
 *   cut({ allowPageLoads: true }) refuses only Socket.IO connections, so a reload can fetch the page
 *   while the live link stays down (Chromium opens a dedicated TCP connection for each WebSocket);
 * - freeze(): keeps connections open but holds every byte in both directions (a stalled link);
 * - holdReplies(): the server still receives, but its replies are held (an ack lost on the way back);
 * - restore(): accepts again and releases what a freeze or hold kept.
 */
export interface TcpProxy {
  port: number;
  url: string;
  cut(opts?: { allowPageLoads?: boolean }): void;
  freeze(): void;
  holdReplies(): void;
  restore(): void;
  /** Open client connections right now. */
  readonly open: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: 'open' | 'cut' | 'cutSockets' | 'frozen' = 'open';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  const server = net.createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    if (mode === 'cutSockets') {
      // Decide on the first bytes: a Socket.IO request is refused, a page or asset request passes.
      client.once('data', (first: Buffer) => {
        if (first.toString('latin1').startsWith('GET /socket.io/')) client.destroy();
        else connect(client, first);
      });
      client.on('error', () => client.destroy());
      return;
    }
    connect(client);
  });

  function connect(client: net.Socket, first?: Buffer) {
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (first) upstream.write(first);
    client.pipe(upstream);
    upstream.pipe(client);
    if (mode === 'frozen') {
      client.pause();
      upstream.pause();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get open() {
      return pairs.size;
    },
    cut(opts = {}) {
      mode = opts.allowPageLoads ? 'cutSockets' : 'cut';
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    freeze() {
      mode = 'frozen';
      for (const { client, upstream } of pairs) {
        // Paused streams stop reading: bytes wait in the socket buffers until restore().
        client.pause();
        upstream.pause();
      }
    },
    holdReplies() {
      for (const { upstream } of pairs) upstream.pause();
    },
    restore() {
      mode = 'open';
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
