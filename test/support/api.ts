import request from 'supertest';
import type { Harness } from './harness';
import { API_TOKEN } from './harness';

/** Thin helpers over the real HTTP API, as the inbound-message handler service would call it. */
export function api(h: Harness) {
  const http = request(h.apiUrl);
  return {
    http,
    offer: (clientId: string, leadId: string, body: Record<string, unknown> = {}) =>
      http
        .post(`/api/leads/${leadId}/offers`)
        .set('Authorization', `Bearer ${API_TOKEN}`)
        .send({ clientId, ...body }),
    booking: (clientId: string, leadId: string) =>
      http
        .get(`/api/leads/${leadId}/booking`)
        .query({ clientId })
        .set('Authorization', `Bearer ${API_TOKEN}`),
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
  };
}
