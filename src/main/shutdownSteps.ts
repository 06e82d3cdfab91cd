import type { Server } from 'node:http';
import net from 'node:net';
import type { Worker } from '@temporalio/worker';

/**
 * Stop steps of `npm start` that must not wait on what is already gone (see ./shutdown.ts).
 */

/**
 * Drains the worker, unless Temporal is unreachable: after a Ctrl-C in a terminal the dev server
 * died with us, and the SDK then retries its shutdown calls against it for many seconds before it
 * gives up, with nothing left to hand the work back to. Tasks it held simply time out on the server.
 */
export async function stopWorker(worker: Worker, run: Promise<void>, temporalAddress: string): Promise<void> {
  // The run's own failure is the SDK's to report; here it must not become an unhandled rejection.
  const finished = run.catch(() => {});
  // The SDK also reacts to SIGINT/SIGTERM by draining its workers; only ask if it has not yet.
  if (worker.getState() === 'RUNNING') worker.shutdown();
  if (!(await isReachable(temporalAddress))) return;
  await finished;
}

/** Stops accepting requests and ends idle keep-alive connections, so close() does not wait for their timeout. */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Whether a TCP connection to `host:port` opens within `timeoutMs`. */
export function isReachable(address: string, timeoutMs = 500): Promise<boolean> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
