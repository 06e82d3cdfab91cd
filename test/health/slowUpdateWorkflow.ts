import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

/** Test-only workflow: an Update that takes as long as it is asked to (a slow provider call, say). */
export const slowUpdate = defineUpdate<string, [number]>('slowUpdate');

export async function slowUpdateWorkflow(): Promise<void> {
  let done = false;
  setHandler(slowUpdate, async (ms: number) => {
    await sleep(ms);
    done = true;
    return `answered after ${ms} ms`;
  });
  await condition(() => done);
}
