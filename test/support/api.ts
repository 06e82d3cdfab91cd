import request from 'supertest';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import { API_TOKEN, eventually, type Harness } from './harness';

export interface LeadRef {
  clientId: string;
  leadId: string;
}

/** Thin helpers over the real HTTP API, as the inbound-message handler service would call it. */
export function api(h: Harness) {
  const http = request(h.apiUrl);
  const booking = (clientId: string, leadId: string) =>
    http.get(`/api/leads/${leadId}/booking`).query({ clientId }).set('Authorization', `Bearer ${API_TOKEN}`);
  const state = async (lead: LeadRef): Promise<LeadBookingSnapshot> =>
    (await booking(lead.clientId, lead.leadId)).body;
  return {
    http,
    offer: (clientId: string, leadId: string, body: Record<string, unknown> = {}) =>
      http
        .post(`/api/leads/${leadId}/offers`)
        .set('Authorization', `Bearer ${API_TOKEN}`)
        .send({ clientId, ...body }),
    booking,
    reply: (
      clientId: string,
      leadId: string,
      body: string,
      messageId = `msg-${Math.random().toString(36).slice(2)}`,
    ) =>
      http
        .post('/api/inbound-messages')
        .set('Authorization', `Bearer ${API_TOKEN}`)
        .send({ clientId, leadId, messageId, body, channel: 'sms', receivedAt: new Date().toISOString() }),
    /** The workflow's state as GET /api/leads/:leadId/booking returns it. */
    state,
    /** Polls the workflow's state until `ok` holds (workflows move on asynchronously). */
    waitForState: (
      lead: LeadRef,
      what: string,
      ok: (s: LeadBookingSnapshot) => unknown,
      timeoutMs = 25_000,
    ) =>
      eventually(
        async () => {
          const s = await state(lead);
          return s && ok(s) ? s : undefined;
        },
        timeoutMs,
        what,
      ),
  };
}
