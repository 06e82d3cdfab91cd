import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { observe, rowsChanged, workflowsChanged } from '../../src/fuzz/observe';
import { fuzzPassed, runFuzz } from '../../src/fuzz/run';
import { type FuzzStack, startFuzzStack } from '../../src/fuzz/stack';

/**
 * The short version of `npm run fuzz`: 600 generated hostile requests over every registered route,
 * against the whole service on a database of its own (created on the test PostgreSQL server, so every
 * table can be counted) and the test Temporal server. Same assertions as the full run.
 */
let stack: FuzzStack;
beforeAll(async () => {
  stack = await startFuzzStack({
    adminDatabaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
});
afterAll(async () => {
  await stack?.close();
});

describe('npm run fuzz (short)', () => {
  it('600 hostile requests: all refused with a 4xx, no row written, no workflow touched', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261202);
    const summary = await runFuzz({
      target: stack.target,
      db: stack.services.db,
      temporal: stack.services.temporal,
      requests: 600,
      seed,
    });
    expect(summary.failures).toEqual([]);
    expect(summary).toMatchObject({
      requests: 600,
      fiveXx: 0,
      wronglyAccepted: 0,
      rowsWritten: 0,
      workflowsTouched: 0,
      noAnswer: 0,
    });
    expect(fuzzPassed(summary)).toBe(true);
    // Every route is aimed at, and the classes of issue 9 are all in the mix.
    expect(summary.routes).toBe(stack.target.routes.length);
    expect(stack.target.routes.length).toBeGreaterThanOrEqual(15);
    for (const kind of [
      'nul_in_path',
      'deep_json',
      'lone_surrogate_in_json',
      'non_json_body',
      'oversized_body',
      'wrong_auth',
    ])
      expect(summary.byKind[kind], kind).toBeGreaterThan(0);
  });

  it('the fuzz sees it when hostile input gets through (a plain request changes rows and a workflow)', async () => {
    // The same observation the run uses, around one ordinary accepted message: it must count it.
    const { db, temporal } = stack.services;
    const before = await observe(db, temporal, stack.target.clientIds);
    const res = await fetch(`${stack.target.apiUrl}/api/inbound-messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.target.apiToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        clientId: stack.target.ghl.clientId,
        leadId: stack.target.ghl.leadId,
        messageId: `fuzz-probe-${Date.now()}`,
        body: 'what is this about?',
        channel: 'sms',
        receivedAt: new Date().toISOString(),
      }),
    });
    expect(res.status).toBe(200);
    const after = await observe(db, temporal, stack.target.clientIds);
    expect(rowsChanged(before, after)).toBeGreaterThan(0);
    expect(workflowsChanged(before, after)).toBeGreaterThan(0);
  });
});
