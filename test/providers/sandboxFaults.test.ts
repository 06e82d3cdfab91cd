import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCalendlySandbox } from '../../src/sandboxes/calendly';
import { startGhlSandbox } from '../../src/sandboxes/ghl';
import { startHubspotSandbox } from '../../src/sandboxes/hubspot';

// One fault-injection module for every sandbox: the same knobs over the same control call
// (`PATCH /_sandbox/knobs`), each failure answered in that provider's own error shape.

interface Target {
  name: string;
  url: string;
  /** An authenticated, otherwise successful API request. */
  call(): Promise<Response>;
  /** A field every error body of this provider carries. */
  errorField: string;
  close(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };
const targets: Target[] = [];

beforeAll(async () => {
  const ghl = await startGhlSandbox({ port: 0, logger: quiet });
  ghl.seedLocation({ locationId: 'loc_f', token: 'tok_faults', calendars: [{ id: 'cal_f' }], contacts: [] });
  targets.push({
    name: 'ghl',
    url: ghl.url,
    call: () =>
      fetch(
        `${ghl.url}/calendars/cal_f/free-slots?startDate=${Date.now()}&endDate=${Date.now() + 86_400_000}`,
        {
          headers: { Authorization: 'Bearer tok_faults', Version: '2021-04-15' },
        },
      ),
    errorField: 'message',
    close: () => ghl.close(),
  });

  const calendly = await startCalendlySandbox({ port: 0, seed: { token: 'calendly-faults-token' } });
  targets.push({
    name: 'calendly',
    url: calendly.url,
    call: () =>
      fetch(`${calendly.url}/users/me`, { headers: { Authorization: 'Bearer calendly-faults-token' } }),
    errorField: 'title',
    close: () => calendly.close(),
  });

  const hubspot = await startHubspotSandbox();
  hubspot.seedMeetingLink({ token: 'pat-faults', slug: 'faults/intro' });
  targets.push({
    name: 'hubspot',
    url: hubspot.url,
    call: () =>
      fetch(`${hubspot.url}/scheduler/v3/meetings/meeting-links`, {
        headers: { Authorization: 'Bearer pat-faults' },
      }),
    errorField: 'category',
    close: () => hubspot.close(),
  });
});

afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
});

async function setKnobs(target: Target, patch: unknown): Promise<Response> {
  return fetch(`${target.url}/_sandbox/knobs`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
}

describe.each(['ghl', 'calendly', 'hubspot'])('shared fault knobs: %s sandbox', (name) => {
  const target = () => {
    const t = targets.find((x) => x.name === name);
    if (!t) throw new Error(`no ${name} sandbox`);
    return t;
  };

  it('fails the next N requests with the status and Retry-After asked for, then answers again', async () => {
    const t = target();
    expect((await t.call()).status).toBe(200);
    const set = await setKnobs(t, { failNext: { status: 429, count: 2, retryAfterSeconds: 3 } });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { failNext: { count: number } }).failNext.count).toBe(2);
    for (let i = 0; i < 2; i++) {
      const failed = await t.call();
      expect(failed.status).toBe(429);
      expect(failed.headers.get('retry-after')).toBe('3');
      expect(await failed.json()).toHaveProperty(t.errorField);
    }
    expect((await t.call()).status).toBe(200);
  });

  it('fails only requests whose path the knob names', async () => {
    const t = target();
    await setKnobs(t, { failNext: { status: 503, count: 1, path: '/not-this-path' } });
    expect((await t.call()).status).toBe(200);
    await setKnobs(t, { failNext: null });
  });

  it('holds a request unanswered when asked to hang', async () => {
    const t = target();
    await setKnobs(t, { hangNext: 1 });
    const outcome = await Promise.race([
      t.call().then((r) => r.status),
      new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 400)),
    ]);
    expect(outcome).toBe('no answer');
    expect((await t.call()).status).toBe(200);
  });

  it('rejects unknown or out-of-range knobs with 400 and keeps the current ones', async () => {
    const t = target();
    expect((await setKnobs(t, { errorRate: 2 })).status).toBe(400);
    expect((await setKnobs(t, { bogus: 1 })).status).toBe(400);
    const current = (await (await fetch(`${t.url}/_sandbox/knobs`)).json()) as { errorRate: number };
    expect(current.errorRate).toBe(0);
  });
});
