// Ports for the rig's servers (Dovecot, proxies, the app): handed out by the kernel, never hard-coded.
import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now; free unless someone grabs it in between. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
