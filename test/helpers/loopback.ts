import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test server listening on a free loopback port. */
export interface Listening {
  url: string;
  /** Drops open connections and resolves once the server has stopped. */
  close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1 (every stand-in and proxy of the tests listens so). */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
