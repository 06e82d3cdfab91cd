import { describe, expect, it } from 'vitest';
import { LeadBookingState } from '../../workflows/leadBookingState';
import type { BookingRecord } from '../../workflows/messages';

// The state machine's rules on their own (the workflow tests drive the same rules through Temporal).
const AT = '2026-11-25T10:00:00.000Z';
const OLD = 'https://api.calendly.com/scheduled_events/E1/invitees/OLD';
const NEW = 'https://api.calendly.com/scheduled_events/E2/invitees/NEW';

function booked(): LeadBookingState {
  const st = LeadBookingState.fresh('c1', 'l1');
  const booking: BookingRecord = {
    provider: 'calendly',
    bookingId: OLD,
    startTime: '2026-11-26T14:00:00.000Z',
    bookedAt: AT,
    confirmed: true,
  };
  st.booked(booking, AT);
  return st;
}

const created = {
  kind: 'confirmed',
  provider: 'calendly',
  bookingId: NEW,
  startTime: '2026-11-27T15:00:00.000Z',
  replacesBookingId: OLD,
} as const;
const canceledOld = {
  kind: 'canceled',
  provider: 'calendly',
  bookingId: OLD,
  rescheduledToBookingId: NEW,
} as const;

describe('LeadBookingState', () => {
  it.each([
    ['canceled first', [canceledOld, created]],
    ['created first', [created, canceledOld]],
  ] as const)('a reschedule (%s) moves the booking and never passes through canceled', (_name, events) => {
    const st = booked();
    const effects = events.map((e, i) => st.applyProviderEvent({ ...e, eventKey: `k${i}` }, AT).effect);
    expect(effects.filter((e) => e === 'moved')).toHaveLength(1);
    expect(effects).not.toContain('canceled');
    expect(st.status).toBe('booked');
    expect(st.s.booking).toMatchObject({ bookingId: NEW, startTime: '2026-11-27T15:00:00.000Z' });
    expect(st.s.pendingReschedule).toBeUndefined();
  });

  it('applies an event once per key', () => {
    const st = booked();
    const cancel = { kind: 'canceled', provider: 'calendly', bookingId: OLD, eventKey: 'same' } as const;
    expect(st.applyProviderEvent(cancel, AT).effect).toBe('canceled');
    expect(st.applyProviderEvent(cancel, AT).effect).toBe('none');
  });

  it('ignores the cancellation of a booking that is not the current one', () => {
    const st = booked();
    expect(
      st.applyProviderEvent({ kind: 'canceled', provider: 'calendly', bookingId: 'other', eventKey: 'x' }, AT)
        .effect,
    ).toBe('none');
    expect(st.status).toBe('booked');
  });

  it('defers events that overtake the booking activity, and applies them after', () => {
    const st = LeadBookingState.fresh('c1', 'l1');
    st.accept('2026-11-26T14:00:00.000Z', AT);
    const confirm = {
      kind: 'confirmed',
      provider: 'ghl',
      bookingId: 'A1',
      startTime: '2026-11-26T14:00:00.000Z',
      eventKey: 'c',
    } as const;
    expect(st.applyProviderEvent(confirm, AT).effect).toBe('none');
    st.booked(
      {
        provider: 'ghl',
        bookingId: 'A1',
        startTime: '2026-11-26T14:00:00.000Z',
        bookedAt: AT,
        confirmed: false,
      },
      AT,
    );
    const effects = st.takeDeferredEvents().map((e) => st.applyProviderEvent(e, AT).effect);
    expect(effects).toEqual(['confirmed']);
    expect(st.s.booking?.confirmed).toBe(true);
  });

  it('adopts a booking made on the provider page when there is none', () => {
    const st = LeadBookingState.fresh('c1', 'l1');
    const e = st.applyProviderEvent(
      {
        kind: 'confirmed',
        provider: 'calendly',
        bookingId: NEW,
        startTime: '2026-11-27T15:00:00.000Z',
        eventKey: 's',
      },
      AT,
    );
    expect(e.effect).toBe('self_booked');
    expect(st.s.booking).toMatchObject({ selfBooked: true, confirmed: true });
  });

  it('a late confirmation clears only the flag raised for the missing confirmation', () => {
    const st = LeadBookingState.fresh('c1', 'l1');
    st.booked(
      {
        provider: 'ghl',
        bookingId: 'A1',
        startTime: '2026-11-26T14:00:00.000Z',
        bookedAt: AT,
        confirmed: false,
      },
      AT,
    );
    st.needsAttention(
      'provider_unconfirmed',
      'provider never confirmed booking A1 within 1800s',
      AT,
      'booked',
    );
    st.applyProviderEvent(
      {
        kind: 'confirmed',
        provider: 'ghl',
        bookingId: 'A1',
        startTime: '2026-11-26T14:00:00.000Z',
        eventKey: 'late',
      },
      AT,
    );
    expect(st.s.attention).toBeUndefined();
  });
});
