import net from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** Connections handed to each backend so far, in the order given. */
  connections(): number[];
  close(): Promise<void>;
}

/**
 * One port in front of the API replicas, as a load balancer would be: each TCP connection
 * goes to the next replica in turn, and bytes pass through untouched, so HTTP keep-alive
 * and WebSocket upgrades work as they do on a replica itself. A replica that refuses the
 * connection (down, restarting) is skipped for that client, so a dead replica costs no
 * request that has not reached it yet.
 */
export async function startRoundRobinProxy(backends: Backend[], listen: { host: string; port: number }): Promise<RoundRobinProxy> {
  if (backends.length === 0) throw new Error('the proxy needs at least one backend');
  const counts = backends.map(() => 0);
  const sockets = new Set<net.Socket>();
  let next = 0;

  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };

  const server = net.createServer((client) => {
    track(client);
    client.on('error', () => {});
    client.pause();
    const first = next;
    next = (next + 1) % backends.length;
    const attempt = (tried: number) => {
      if (tried === backends.length || client.destroyed) return client.destroy();
      const i = (first + tried) % backends.length;
      const upstream = net.connect(backends[i]!.port, backends[i]!.host);
      track(upstream);
      let connected = false;
      upstream.on('error', () => {
        // Refused before the connection was made: the client has lost nothing, try the next replica.
        if (connected) client.destroy();
        else attempt(tried + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        counts[i]! += 1;
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.resume();
      });
    };
    attempt(0);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://${listen.host}:${port}`,
    port,
    connections: () => [...counts],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
