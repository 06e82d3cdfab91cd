import { createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { GHL_SIGNATURE_HEADER } from '../../providers/ghl/webhooks';

/**
 * Delivers webhooks the way GHL does: the JSON body gets `timestamp` and `webhookId` when missing, and
 * `x-wh-signature` carries a base64 RSA-SHA256 signature over exactly the bytes sent.
 */
export type WebhookTarget =
  | string
  | ((locationId: string) => string | undefined | Promise<string | undefined>);

export interface OutgoingWebhook {
  type: string;
  locationId?: string;
  timestamp?: string;
  webhookId?: string;
  [field: string]: unknown;
}

export class WebhookSender {
  private readonly privateKey: KeyObject;
  /** Targets set for one location (GHL's per-location webhook URL); they win over `target`. */
  private readonly locationTargets = new Map<string, string>();

  constructor(
    privateKeyPem: string,
    public target: WebhookTarget | undefined,
    private readonly timeoutMs = 10_000,
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
  }

  /** Signs and POSTs; resolves to the receiver's HTTP status. Throws when there is no target. */
  async send(locationId: string, event: OutgoingWebhook): Promise<number> {
    const url = await this.targetFor(locationId);
    if (!url) throw new Error(`no webhook target configured for location ${locationId}`);
    const body = Buffer.from(
      JSON.stringify({
        ...event,
        locationId: event.locationId ?? locationId,
        timestamp: event.timestamp ?? new Date().toISOString(),
        webhookId: event.webhookId ?? randomUUID(),
      }),
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [GHL_SIGNATURE_HEADER]: this.signature(body) },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.arrayBuffer(); // drain so the connection is released
    return res.status;
  }

  signature(body: Buffer): string {
    return sign('sha256', body, this.privateKey).toString('base64');
  }

  hasTarget(): boolean {
    return this.target !== undefined || this.locationTargets.size > 0;
  }

  /** Where this location's webhooks go: its own target, else the default (URL or per-location lookup). */
  async targetFor(locationId: string): Promise<string | undefined> {
    const own = this.locationTargets.get(locationId);
    if (own) return own;
    return typeof this.target === 'function' ? await this.target(locationId) : this.target;
  }

  setLocationTarget(locationId: string, url: string | undefined): void {
    if (url) this.locationTargets.set(locationId, url);
    else this.locationTargets.delete(locationId);
  }

  clearLocationTargets(): void {
    this.locationTargets.clear();
  }
}
