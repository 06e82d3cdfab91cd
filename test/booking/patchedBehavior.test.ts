import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCHED_BEHAVIOR } from '../../workflows/messages';
import { api } from '../support/api';
import { type Harness, startHarness } from '../support/harness';
import { recordHistory } from '../support/histories';

// A run the API starts today takes every earlier patch from its input (workflows/behavior.ts): no patch
// markers and no TemporalChangeVersion upserts in its history, the same journey. Runs started before
// (no `behavior` in their input) still ask patched(): test/replay replays their committed histories.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const markers = (events: HistoryEvent[]) => events.filter((e) => e.markerRecordedEventAttributes);
const upserts = (events: HistoryEvent[]) =>
  events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
const changeVersionUpserts = (events: HistoryEvent[]) =>
  upserts(events).filter(
    (e) =>
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion,
  );

describe('a lead run started at today’s behaviour', () => {
  it('books, is confirmed and writes no patch markers or change-version upserts', async () => {
    const ws = await h.seedWorkspace();
    expect((await api(h).offer(ws.clientId, ws.leadId)).status).toBe(201);
    const handle = h.services.temporal.workflow.getHandle(ws.workflowId);
    const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.input?.payloads?.[0]?.data?.toString()).toContain(`"behavior":${PATCHED_BEHAVIOR}`);

    expect((await api(h).reply(ws.clientId, ws.leadId, '1')).body.result).toBe('slot_accepted');
    await api(h).waitForState(ws, 'booked', (s) => s.status === 'booked', 20_000);
    await h.ghl.flushWebhooks();
    await api(h).waitForState(ws, 'confirmed', (s) => s.booking?.confirmed === true, 20_000);

    const events = (await handle.fetchHistory()).events ?? [];
    // Only the interpreter's local-activity marker remains; before, three patch markers each came
    // with an upsert of TemporalChangeVersion.
    expect(changeVersionUpserts(events)).toHaveLength(0);
    const patchMarkers = markers(events).filter(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch',
    );
    expect(patchMarkers).toHaveLength(0);
    expect(upserts(events).length).toBeLessThanOrEqual(5);
    await recordHistory(h.services.temporal, ws.workflowId, 'patched-behavior-accept-and-book');
  });
});
