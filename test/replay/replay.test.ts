import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR, readHistoryIndex } from '../support/histories';

// Histories of the main paths, recorded from real runs (npm run histories:record). Replaying them with
// today's workflow code proves a deploy does not break workflows already running in production.
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.history.bin'));

describe('replay of committed workflow histories', () => {
  it('has the main paths recorded', () => {
    const names = files.map((f) => path.basename(f, '.history.bin'));
    expect(names).toEqual(
      expect.arrayContaining([
        'accept-and-book',
        'slot-taken-reoffer',
        'offer-expired',
        'provider-failure-needs-attention',
        'canceled-in-ghl',
        // Two replies delivered in one workflow task, taking turns through the handlers' lock.
        'double-text-one-task',
        // A no-show marked and removed at Calendly (behind patched('provider-no-shows')).
        'calendly-no-show-and-undone',
      ]),
    );
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = proto.api.history.v1.History.decode(readFileSync(path.join(HISTORIES_DIR, file)));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: file },
      history,
      readHistoryIndex()[path.basename(file, '.history.bin')] ?? file,
    );
  });
});
