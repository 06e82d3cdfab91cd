import { sleep } from './processes';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * One JSON request. While the service is down (SIGKILLed, restarting) the connection is refused:
 * that is retried until `downtimeBudgetMs` runs out, like a client with a retry policy would.
 * HTTP answers, 5xx included, are returned to the caller, which decides what to retry.
 */
export async function requestJson<T = unknown>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown },
  downtimeBudgetMs = 300_000,
): Promise<HttpAnswer<T>> {
  const deadline = Date.now() + downtimeBudgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(90_000),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: keep the text.
      }
      return { status: res.status, body: body as T };
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${init.method ?? 'GET'} ${url}: ${(err as Error).message}`);
      await sleep(Math.min(250 * 2 ** Math.min(attempt, 4), 3_000));
    }
  }
}
