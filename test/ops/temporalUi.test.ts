import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bookingSearchQuery } from '../../src/booking/bookingSearch';
import { api } from '../support/api';
import { eventually, type Harness, type SeededWorkspace, startHarness } from '../support/harness';

// A real browser (Debian's chromium driven by playwright-core) runs the README runbook's query in the
// embedded Temporal Web UI and must find the stuck booking this test creates.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Screenshots go to an ignored directory so `npm test` leaves the tree clean; `npm run docs:screenshots`
// runs this file with DOCS_SCREENSHOTS_DIR=docs to refresh the images the README shows.
const SCREENSHOT_DIR = path.resolve(
  __dirname,
  '../..',
  process.env.DOCS_SCREENSHOTS_DIR ?? 'test-results/screenshots',
);
const SCREENSHOT = path.join(SCREENSHOT_DIR, 'temporal-ui-stuck-bookings.png');

let h: Harness;
let ws: SeededWorkspace;
beforeAll(async () => {
  h = await startHarness({ BOOKING_ATTENTION_AFTER_SECONDS: '3' });
  ws = await h.seedWorkspace();
  await api(h).offer(ws.clientId, ws.leadId);
  h.ghl.setKnobs({ failNext: { status: 503, count: 10_000, match: 'POST /calendars/events/appointments' } });
  await api(h).reply(ws.clientId, ws.leadId, '1');
  await eventually(
    async () => (await api(h).booking(ws.clientId, ws.leadId)).body.status === 'needs_attention',
    30_000,
    'stuck',
  );
});
afterAll(async () => {
  await h?.close();
});

describe('the Temporal Web UI', () => {
  it('shows the stuck booking for the runbook query', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    const query = bookingSearchQuery({ needsAttention: true, clientId: ws.clientId });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
      const url = `${inject('temporalUiUrl')}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
      // Visibility is eventually consistent: reload until the row shows up.
      await eventually(
        async () => {
          await page.goto(url, { waitUntil: 'domcontentloaded' });
          await page.getByText(ws.workflowId).first().waitFor({ timeout: 5_000 });
          return true;
        },
        45_000,
        'workflow row in the UI',
      );
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (rendered text), not the DOM property
      const rowText = await page.locator('body').innerText();
      expect(rowText).toContain(ws.workflowId);
      expect(rowText).toContain('LeadBookingWorkflow');
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });

      // The workflow page tells in one line what it is waiting for (current details).
      await page.goto(
        `${inject('temporalUiUrl')}/namespaces/default/workflows/${encodeURIComponent(ws.workflowId)}`,
        {
          waitUntil: 'domcontentloaded',
        },
      );
      // The timeline reads as the business story: activity summaries...
      await page
        .getByText(/bookAcceptedSlot • Book .* at ghl/)
        .first()
        .waitFor({ timeout: 15_000 });
      // ...and the workflow's current details say what it is waiting for.
      await page.getByText('User Metadata').first().click();
      // The UI renders user metadata as markdown inside iframes: look through every frame.
      await eventually(
        async () => {
          for (const frame of page.frames()) {
            const text = await frame
              .locator('body')
              // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, not the DOM property
              .innerText()
              .catch(() => '');
            if (/Stuck: provider did not book within 3s/.test(text)) return true;
          }
          return false;
        },
        15_000,
        'current details on the workflow page',
      );
      await page.screenshot({
        path: SCREENSHOT.replace('stuck-bookings', 'workflow-details'),
        fullPage: false,
      });
    } finally {
      await browser.close();
    }
  }, 90_000);
});
