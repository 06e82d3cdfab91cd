import { DEMO, DEMO_SANDBOX_LOCATION } from '../main/demoWorkspace';
import { requestJson } from './http';

/** The GHL sandbox's control API (/_sandbox), the way a test harness outside the service drives it. */
export class GhlSandboxControl {
  constructor(private readonly url: string) {}

  /**
   * The demo location with every chaos contact, on a calendar open around the clock in 15-minute
   * slots: 200 leads need more than the demo's 9-to-5 weekdays hold in the 14-day offer window.
   */
  async seedDemoLocation(
    contacts: { id: string; name: string; email: string; phone: string }[],
  ): Promise<void> {
    const res = await requestJson(`${this.url}/_sandbox/locations`, {
      method: 'POST',
      body: {
        ...DEMO_SANDBOX_LOCATION,
        calendars: [
          {
            id: DEMO.calendarId,
            timezone: 'UTC',
            openHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }],
            slotMinutes: 15,
          },
        ],
        contacts: [...(DEMO_SANDBOX_LOCATION.contacts ?? []), ...contacts],
      },
    });
    if (res.status !== 201) throw new Error(`seeding the GHL sandbox answered ${res.status}`);
  }

  async setKnobs(patch: Record<string, unknown>): Promise<void> {
    const res = await requestJson(`${this.url}/_sandbox/knobs`, { method: 'PATCH', body: patch });
    if (res.status !== 200) throw new Error(`GHL knobs answered ${res.status}: ${JSON.stringify(res.body)}`);
  }

  async appointments(): Promise<SandboxAppointmentView[]> {
    const res = await requestJson<{ appointments: SandboxAppointmentView[] }>(
      `${this.url}/_sandbox/appointments?locationId=${DEMO.locationId}`,
      {},
    );
    if (res.status !== 200) throw new Error(`GHL appointments answered ${res.status}`);
    return res.body.appointments;
  }

  /** Has the sandbox sign and deliver a webhook to the service; resolves to the service's status. */
  async sendWebhook(event: Record<string, unknown> & { type: string }): Promise<number> {
    const res = await requestJson<{ status?: number }>(`${this.url}/_sandbox/webhooks`, {
      method: 'POST',
      body: { locationId: DEMO.locationId, event },
    });
    return res.status === 200 ? (res.body.status ?? 0) : res.status;
  }
}

export interface SandboxAppointmentView {
  id: string;
  locationId: string;
  calendarId: string;
  contactId: string;
  startTime: string;
  endTime: string;
  appointmentStatus: string;
  [field: string]: unknown;
}

export class CalendlySandboxControl {
  constructor(private readonly url: string) {}

  async setKnobs(patch: Record<string, unknown>): Promise<void> {
    const res = await requestJson(`${this.url}/_sandbox/knobs`, { method: 'PATCH', body: patch });
    if (res.status !== 200)
      throw new Error(`Calendly knobs answered ${res.status}: ${JSON.stringify(res.body)}`);
  }

  async invitees(): Promise<CalendlyInviteeView[]> {
    const res = await requestJson<{ collection: CalendlyInviteeView[] }>(`${this.url}/_sandbox/invitees`, {});
    if (res.status !== 200) throw new Error(`Calendly invitees answered ${res.status}`);
    return res.body.collection;
  }
}

export interface CalendlyInviteeView {
  uri: string;
  email: string;
  status: string;
  [field: string]: unknown;
}
