import pg from 'pg';
import type { LeadBookingSnapshot } from '../../workflows/messages';
import type { ServiceApi } from './api';
import type { JourneyRecord } from './journey';
import type { CalendlyInviteeView, SandboxAppointmentView } from './sandboxes';

export interface LeadVerdict {
  leadId: string;
  script: string;
  provider: string;
  httpStatus: number;
  status?: string;
  problems: string[];
}

export interface Verification {
  accepted: number;
  booked: number;
  declined: number;
  flagged: number;
  /** Offers answered "no slots" (409): the caller was told, nothing waits on the service. */
  noSlots: number;
  doubleBooked: number;
  lostAcceptances: number;
  unqueryable: number;
  taskFailures: number;
  stuckUnflagged: number;
  unconfirmed: number;
  providerMismatches: number;
  databaseMismatches: number;
  driverErrors: number;
  verdicts: LeadVerdict[];
}

interface LeadRow {
  id: string;
  status: string;
  ghlAppointmentId: string | null;
  calendlyInviteeUri: string | null;
  bookedSlot: Date | null;
}

/** Reads the Lead rows without being able to write (a read-only session). */
export async function readLeadRows(databaseUrl: string, ids: string[]): Promise<Map<string, LeadRow>> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    options: '-c default_transaction_read_only=on',
  });
  await client.connect();
  try {
    const { rows } = await client.query<LeadRow>(
      'SELECT id, status, "ghlAppointmentId", "calendlyInviteeUri", "bookedSlot" FROM "Lead" WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  } finally {
    await client.end();
  }
}

const sameInstant = (a: string | Date | null | undefined, b: string | null | undefined) =>
  a != null && b != null && new Date(a).getTime() === Date.parse(b);

/**
 * Checks every lead against three sources: the workflow (GET booking), the provider sandbox (its
 * control API) and the database (read-only). A lead is fine when it is booked exactly once and all
 * three agree, or declined / awaiting a reply it answered, or flagged NeedsAttention for a person.
 */
export async function verifyLeads(
  records: JourneyRecord[],
  sources: {
    api: ServiceApi;
    databaseUrl: string;
    ghlAppointments: SandboxAppointmentView[];
    calendlyInvitees: CalendlyInviteeView[];
  },
): Promise<Verification> {
  const rows = await readLeadRows(
    sources.databaseUrl,
    records.map((r) => r.lead.leadId),
  );
  const liveGhl = sources.ghlAppointments.filter((a) => a.appointmentStatus !== 'cancelled');
  const liveCalendly = sources.calendlyInvitees.filter((i) => i.status === 'active');
  const v: Verification = {
    accepted: 0,
    booked: 0,
    declined: 0,
    flagged: 0,
    noSlots: 0,
    doubleBooked: 0,
    lostAcceptances: 0,
    unqueryable: 0,
    taskFailures: 0,
    stuckUnflagged: 0,
    unconfirmed: 0,
    providerMismatches: 0,
    databaseMismatches: 0,
    driverErrors: 0,
    verdicts: [],
  };

  for (const record of records) {
    const { lead } = record;
    const problems: string[] = [...record.errors];
    if (record.errors.length > 0) v.driverErrors += 1;
    const res = await sources.api.booking(lead);
    const verdict: LeadVerdict = {
      leadId: lead.leadId,
      script: lead.script,
      provider: lead.provider,
      httpStatus: res.status,
      problems,
    };
    v.verdicts.push(verdict);
    const atProvider =
      lead.provider === 'ghl'
        ? liveGhl
            .filter((a) => a.contactId === lead.ghlContactId)
            .map((a) => ({ id: a.id, start: a.startTime }))
        : liveCalendly.filter((i) => i.email === lead.email).map((i) => ({ id: i.uri, start: undefined }));
    if (atProvider.length > 1) {
      v.doubleBooked += 1;
      problems.push(`${atProvider.length} live bookings at ${lead.provider}`);
    }
    const accepted = record.accepted;
    if (accepted) v.accepted += 1;

    if (res.status === 503) {
      // The service says the workflow cannot progress (a task failure): visible, but a failure of the run.
      v.taskFailures += 1;
      v.unqueryable += 1;
      problems.push(`GET booking 503: ${JSON.stringify(res.body).slice(0, 300)}`);
      continue;
    }
    if (res.status !== 200) {
      // A lead that never got an offer (no slots) has no workflow: 404 is its honest answer.
      if (!(res.status === 404 && !record.offered)) {
        v.unqueryable += 1;
        problems.push(`GET booking ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      continue;
    }
    const state = res.body as LeadBookingSnapshot;
    verdict.status = state.status;
    const row = rows.get(lead.leadId);
    const flagged = state.attention !== undefined || state.status === 'needs_attention';
    if (flagged) v.flagged += 1;

    if (state.status === 'booked' && state.booking) {
      v.booked += 1;
      const booking = state.booking;
      if (!booking.confirmed) {
        v.unconfirmed += 1;
        problems.push('booked but the provider confirmation was never applied');
      }
      const match = atProvider.find((b) => b.id === booking.bookingId);
      if (
        !match ||
        atProvider.length !== 1 ||
        (match.start && !sameInstant(match.start, booking.startTime))
      ) {
        v.providerMismatches += 1;
        problems.push(`workflow booking ${booking.bookingId} vs provider ${JSON.stringify(atProvider)}`);
      }
      const rowBookingId = lead.provider === 'ghl' ? row?.ghlAppointmentId : row?.calendlyInviteeUri;
      if (
        row?.status !== 'meeting-booked' ||
        rowBookingId !== booking.bookingId ||
        !sameInstant(row.bookedSlot, booking.startTime)
      ) {
        v.databaseMismatches += 1;
        problems.push(`database row ${JSON.stringify(row)} does not match booking ${booking.bookingId}`);
      }
      continue;
    }

    // Not booked: nothing may be booked for the lead anywhere.
    if (atProvider.length > 0) {
      v.providerMismatches += 1;
      problems.push(
        `not booked (${state.status}) yet ${atProvider.length} live booking(s) at ${lead.provider}`,
      );
    }
    if (row?.status === 'meeting-booked') {
      v.databaseMismatches += 1;
      problems.push(`not booked (${state.status}) yet the database says meeting-booked`);
    }
    // An acceptance is answered by a booking or by fresh slots (it was taken meanwhile); an
    // acceptance still "last word" on the offer it accepted, without a booking, was lost.
    const reoffered =
      state.offer !== undefined &&
      state.acceptedAt !== undefined &&
      Date.parse(state.offer.offeredAt) > Date.parse(state.acceptedAt);
    const answered =
      state.status === 'awaiting_reply' &&
      state.lastReply !== undefined &&
      (state.lastReply.result !== 'slot_accepted' || reoffered);
    if (state.lastReply?.result === 'declined') v.declined += 1;
    const toldNoSlots = record.noSlots && !record.offered && state.offer === undefined;
    if (toldNoSlots) v.noSlots += 1;
    if (accepted && !flagged && !answered) {
      v.lostAcceptances += 1;
      problems.push(`accepted, yet ${state.status} and not flagged`);
    } else if (!flagged && !answered && !toldNoSlots) {
      v.stuckUnflagged += 1;
      problems.push(`${state.status}, not flagged and no answered reply`);
    }
  }
  return v;
}
