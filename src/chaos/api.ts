import type { LeadBookingSnapshot, OfferResult } from '../../workflows/messages';
import { type HttpAnswer, requestJson } from './http';
import type { ChaosLead } from './leads';

export type ReplyAnswer = { result?: string; slot?: string; duplicate?: boolean; [field: string]: unknown };

/** The service's public HTTP API, as a client of it sees it. */
export class ServiceApi {
  constructor(
    private readonly apiUrl: () => string,
    private readonly token: () => string,
  ) {}

  private get auth() {
    return { Authorization: `Bearer ${this.token()}` };
  }

  offer(lead: ChaosLead): Promise<HttpAnswer<OfferResult & { error?: { message: string } }>> {
    return requestJson(`${this.apiUrl()}/api/leads/${lead.leadId}/offers`, {
      method: 'POST',
      headers: this.auth,
      body: { clientId: lead.clientId },
    });
  }

  reply(lead: ChaosLead, messageId: string, text: string): Promise<HttpAnswer<ReplyAnswer>> {
    return requestJson(`${this.apiUrl()}/api/inbound-messages`, {
      method: 'POST',
      headers: this.auth,
      body: {
        clientId: lead.clientId,
        leadId: lead.leadId,
        messageId,
        body: text,
        channel: 'sms',
        receivedAt: new Date().toISOString(),
      },
    });
  }

  booking(
    lead: ChaosLead,
  ): Promise<HttpAnswer<LeadBookingSnapshot & { error?: { message: string; details?: unknown } }>> {
    return requestJson(`${this.apiUrl()}/api/leads/${lead.leadId}/booking?clientId=${lead.clientId}`, {
      headers: this.auth,
    });
  }
}
