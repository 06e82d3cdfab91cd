import net from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent as is on the request line (percent-encode what must be). */
  path: string;
  headers: Array<[string, string]>;
  body?: Buffer;
}

/**
 * Sends one HTTP/1.1 request over a fresh socket, bytes exactly as given (an HTTP client library
 * would refuse or fix up the hostile parts), and returns the status code: 0 when no answer came
 * within `timeoutMs`.
 */
export function sendRaw(
  url: string,
  req: RawRequest,
  timeoutMs = 15_000,
): Promise<{ status: number; head: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, head: text.slice(0, 600) });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (c) => {
      chunks.push(c);
      // The status line and headers are all we need; stop once the body has started.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(finish, 5);
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      const head = [`${req.method} ${req.path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close'];
      for (const [k, v] of req.headers) head.push(`${k}: ${v}`);
      if (req.body) head.push(`Content-Length: ${req.body.length}`);
      socket.write(
        Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), req.body ?? Buffer.alloc(0)]),
      );
    });
  });
}
