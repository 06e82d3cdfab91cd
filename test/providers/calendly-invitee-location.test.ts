import { describe, expect, it } from 'vitest';
import { chooseInviteeLocation } from '../../src/providers/calendly/inviteeLocation';

/** Which `location` POST /invitees carries for an event type's configured kinds (pure rule). */
describe('chooseInviteeLocation', () => {
  const phone = { phone: '+15550100' };
  const noPhone = { phone: null };

  it('sends nothing when the event type has no location', () => {
    expect(chooseInviteeLocation(null, phone)).toEqual({ kind: 'none' });
    expect(chooseInviteeLocation([], noPhone)).toEqual({ kind: 'none' });
  });

  it('fills outbound_call and ask_invitee with the lead’s phone', () => {
    expect(chooseInviteeLocation([{ kind: 'outbound_call' }], phone)).toEqual({
      kind: 'send',
      location: { kind: 'outbound_call', location: '+15550100' },
    });
    expect(chooseInviteeLocation([{ kind: 'ask_invitee' }], { phone: ' +15550100 ' })).toEqual({
      kind: 'send',
      location: { kind: 'ask_invitee', location: '+15550100' },
    });
  });

  it('names a host-provided kind (with the host’s address for physical) and needs nothing from the lead', () => {
    expect(chooseInviteeLocation([{ kind: 'physical', location: '1 Main St' }], noPhone)).toEqual({
      kind: 'send',
      location: { kind: 'physical', location: '1 Main St' },
    });
    expect(chooseInviteeLocation([{ kind: 'zoom_conference' }], noPhone)).toEqual({
      kind: 'send',
      location: { kind: 'zoom_conference' },
    });
  });

  it('follows the host’s order and skips what it cannot fill', () => {
    const both = [{ kind: 'outbound_call' }, { kind: 'google_conference' }];
    expect(chooseInviteeLocation(both, phone)).toMatchObject({ location: { kind: 'outbound_call' } });
    expect(chooseInviteeLocation(both, noPhone)).toMatchObject({ location: { kind: 'google_conference' } });
  });

  it('says why when nothing can be filled', () => {
    expect(chooseInviteeLocation([{ kind: 'outbound_call' }], { phone: '  ' })).toEqual({
      kind: 'unfillable',
      leadIsMissing: 'phone',
      reason: expect.stringMatching(/asks the invitee for a location \(outbound_call\).*no phone number/),
    });
    expect(chooseInviteeLocation([{ kind: 'carrier_pigeon' }], phone)).toMatchObject({
      kind: 'unfillable',
      leadIsMissing: null,
      reason: expect.stringMatching(/carrier_pigeon.*not ones we can fill/),
    });
  });
});
