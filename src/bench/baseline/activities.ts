/** No-op activities of the baseline workflow; `booked` tells the bench (as the real booking makes the provider send a webhook). */
export function createBaselineActivities(notifyUrl: string | undefined) {
  return {
    async noop(_what: string): Promise<void> {},
    async booked(workflowId: string): Promise<void> {
      if (!notifyUrl) return;
      await fetch(notifyUrl, { method: 'POST', body: workflowId });
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
