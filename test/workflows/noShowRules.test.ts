import { describe, expect, it } from 'vitest';
import { LeadBookingState } from '../../workflows/leadBookingState';
import type { ProviderBookingEvent } from '../../workflows/messages';

// The no-show rules of the state machine on their own (test/booking/calendlyNoShow.test.ts drives the
// same rules through the Calendly sandbox, the webhook endpoint and Temporal).
const AT = '2026-11-25T10:00:00.000Z';
const INVITEE = 'https://api.calendly.com/scheduled_events/E1/invitees/I1';
const MARK = 'https://api.calendly.com/invitee_no_shows/N1';

function booked(): LeadBookingState {
  const st = LeadBookingState.fresh('c1', 'l1');
  st.booked(
    {
      provider: 'calendly',
      bookingId: INVITEE,
      startTime: '2026-11-26T14:00:00.000Z',
      bookedAt: AT,
      confirmed: true,
    },
    AT,
  );
  return st;
}
const mark = (key: string, noShowId = MARK, bookingId = INVITEE): ProviderBookingEvent => ({
  kind: 'no_show',
  eventKey: key,
  provider: 'calendly',
  bookingId,
  noShowId,
});
const unmark = (key: string, noShowId: string | undefined = MARK): ProviderBookingEvent => ({
  kind: 'no_show_undone',
  eventKey: key,
  provider: 'calendly',
  bookingId: INVITEE,
  noShowId,
});
const apply = (st: LeadBookingState, events: ProviderBookingEvent[]) =>
  events.map((e) => st.applyProviderEvent(e, AT).effect);

describe('LeadBookingState: no-shows', () => {
  it('a mark moves booked → no_show with typed attention; its removal goes back and clears it', () => {
    const st = booked();
    expect(apply(st, [mark('c1')])).toEqual(['no_show']);
    expect(st.status).toBe('no_show');
    expect(st.s.attention).toMatchObject({ kind: 'no_show', reason: 'no-show' });
    expect(st.whyNotOffer()).toMatch(/no_show/);
    expect(apply(st, [unmark('d1')])).toEqual(['no_show_undone']);
    expect(st.status).toBe('booked');
    expect(st.s.attention).toBeUndefined();
  });

  it('the same mark three times counts once', () => {
    const st = booked();
    expect(apply(st, [mark('c1'), mark('c1'), mark('c1')])).toEqual(['no_show', 'none', 'none']);
    expect(st.status).toBe('no_show');
  });

  it('a removal before its mark leaves the lead booked; a new mark afterwards counts', () => {
    const st = booked();
    expect(apply(st, [unmark('d1'), mark('c1')])).toEqual(['none', 'none']);
    expect(st.status).toBe('booked');
    expect(st.s.attention).toBeUndefined();
    expect(apply(st, [mark('c2', `${MARK}-again`)])).toEqual(['no_show']);
  });

  it('a mark on another invitee changes nothing', () => {
    const st = booked();
    expect(apply(st, [mark('c1', MARK, `${INVITEE}-other`)])).toEqual(['none']);
    expect(st.status).toBe('booked');
  });

  it('a removal without the mark it removes undoes the current mark', () => {
    const st = booked();
    apply(st, [mark('c1')]);
    expect(apply(st, [unmark('d1', undefined)])).toEqual(['no_show_undone']);
    expect(st.status).toBe('booked');
  });

  it('a reschedule by the lead after a no-show books the new time and clears the flag', () => {
    const st = booked();
    apply(st, [mark('c1')]);
    const moved = st.applyProviderEvent(
      {
        kind: 'confirmed',
        eventKey: 'r1',
        provider: 'calendly',
        bookingId: `${INVITEE}-new`,
        startTime: '2026-11-28T14:00:00.000Z',
        replacesBookingId: INVITEE,
      },
      AT,
    );
    expect(moved.effect).toBe('moved');
    expect(st.status).toBe('booked');
    expect(st.s.attention).toBeUndefined();
  });
});
