import net from 'node:net';

/**
 * A round-robin TCP balancer, standing in for the nginx of docker-compose.yml: each new connection goes to
 * the next upstream that accepts it (a dead instance is skipped), and bytes are piped both ways, so
 * WebSocket upgrades pass through untouched.
 */
export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: Array<{ host: string; port: number }>): Promise<Balancer> {
  let next = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryUpstream = (attempt: number) => {
      if (attempt >= upstreams.length) return client.destroy();
      const target = upstreams[next++ % upstreams.length];
      const upstream = net.connect(target.port, target.host);
      upstream.once('connect', () => {
        open.add(upstream);
        upstream.on('close', () => open.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      upstream.once('error', () => tryUpstream(attempt + 1));
    };
    tryUpstream(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
