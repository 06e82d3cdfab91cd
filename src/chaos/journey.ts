import type { LeadBookingSnapshot, OfferResult } from '../../workflows/messages';
import type { ReplyAnswer, ServiceApi } from './api';
import type { ChaosLead } from './leads';
import { sleep } from './processes';

/** What happened to one lead, from the outside. */
export interface JourneyRecord {
  lead: ChaosLead;
  offered: boolean;
  /** The service answered the offer with "no slots" (an answer, not a failure). */
  noSlots: boolean;
  replies: { messageId: string; text: string; status: number; result?: string; slot?: string }[];
  accepted: boolean;
  doubleText: boolean;
  reofferRounds: number;
  errors: string[];
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const FINAL = new Set(['booked', 'needs_attention']);
/** 5xx answers (Temporal unreachable, an offer failed on a provider fault) are retried this often. */
const SERVER_ERROR_RETRIES = 12;

/**
 * Drives one lead through the API: offer, then the lead's texts (two at the same moment for the
 * double-text scripts), then — after an acceptance — follows the booking, accepting again when a taken
 * slot made the service offer fresh ones.
 */
export async function runJourney(lead: ChaosLead, api: ServiceApi): Promise<JourneyRecord> {
  const record: JourneyRecord = {
    lead,
    offered: false,
    noSlots: false,
    replies: [],
    accepted: false,
    doubleText: lead.script.startsWith('double_'),
    reofferRounds: 0,
    errors: [],
  };
  const offer = await offerSlots(lead, api, record);
  if (!offer) return record;
  record.offered = true;
  const pick = (i: number) => ORDINALS[Math.min(i, offer.slots.length - 1)] as string;
  const id = (n: string) => `chaos-${lead.leadId}-${n}`;

  switch (lead.script) {
    case 'accept':
      await reply(api, lead, record, id('a'), `the ${pick(lead.slot)} one works for me`);
      break;
    case 'double_same_slot':
      await Promise.all([
        reply(api, lead, record, id('a'), `the ${pick(lead.slot)} one works for me`),
        reply(api, lead, record, id('b'), `${pick(lead.slot)} one please`),
      ]);
      break;
    case 'double_different_slots':
      await Promise.all([
        reply(api, lead, record, id('a'), `the ${pick(lead.slot)} one works for me`),
        reply(api, lead, record, id('b'), `actually the ${pick(lead.otherSlot)} one works better`),
      ]);
      break;
    case 'double_duplicate_message':
      await Promise.all([
        reply(api, lead, record, id('a'), `the ${pick(lead.slot)} one works for me`),
        reply(api, lead, record, id('a'), `the ${pick(lead.slot)} one works for me`),
      ]);
      break;
    case 'decline':
      await reply(api, lead, record, id('a'), 'no thanks, I am not interested anymore');
      break;
    case 'unclear':
      await reply(api, lead, record, id('a'), 'banana purple seventeen');
      break;
  }
  if (!record.accepted) return record;
  await followBooking(lead, api, record, offer.offeredAt);
  return record;
}

async function offerSlots(
  lead: ChaosLead,
  api: ServiceApi,
  record: JourneyRecord,
): Promise<{ slots: string[]; offeredAt: string } | undefined> {
  for (let attempt = 0; attempt <= SERVER_ERROR_RETRIES; attempt++) {
    const res = await api.offer(lead);
    const body = res.body as OfferResult & { error?: { message: string } };
    if ((res.status === 200 || res.status === 201) && 'offer' in body) return body.offer;
    if (res.status === 409 && /no slots/.test(body.error?.message ?? '')) {
      record.noSlots = true;
      return undefined;
    }
    if (res.status < 500) {
      record.errors.push(`offer answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return undefined;
    }
    await sleep(1_000 + attempt * 500);
  }
  record.errors.push('offer kept failing with 5xx');
  return undefined;
}

async function reply(
  api: ServiceApi,
  lead: ChaosLead,
  record: JourneyRecord,
  messageId: string,
  text: string,
): Promise<ReplyAnswer | undefined> {
  for (let attempt = 0; attempt <= SERVER_ERROR_RETRIES; attempt++) {
    const res = await api.reply(lead, messageId, text);
    if (res.status >= 500 && cannotProgress(res.body)) {
      // Retrying cannot help a workflow whose task fails; verification reports the lead.
      record.replies.push({ messageId, text, status: res.status });
      record.errors.push(`reply ${messageId}: workflow cannot progress (${res.status})`);
      return undefined;
    }
    if (res.status >= 500) {
      await sleep(1_000 + attempt * 500);
      continue;
    }
    const body = res.body;
    record.replies.push({ messageId, text, status: res.status, result: body?.result, slot: body?.slot });
    if (res.status !== 200)
      record.errors.push(`reply answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    if (body?.result === 'slot_accepted') record.accepted = true;
    return body;
  }
  record.replies.push({ messageId, text, status: 500 });
  record.errors.push(`reply ${messageId} kept failing with 5xx`);
  return undefined;
}

/** Follows an accepted booking; a re-offer (the slot was taken meanwhile) is accepted again. */
async function followBooking(lead: ChaosLead, api: ServiceApi, record: JourneyRecord, offeredAt: string) {
  let repliedTo = offeredAt;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    await sleep(1_000);
    const res = await api.booking(lead);
    if (res.status === 503 && cannotProgress(res.body)) return; // reported by verification
    if (res.status !== 200) continue; // verified at the end; a restart may be in progress
    const state = res.body as LeadBookingSnapshot;
    if (FINAL.has(state.status)) return;
    if (state.status === 'awaiting_reply' && state.offer && state.offer.offeredAt !== repliedTo) {
      if (record.reofferRounds >= 4) return; // leaves an answered offer: counted, not stuck
      record.reofferRounds += 1;
      repliedTo = state.offer.offeredAt;
      await reply(
        api,
        lead,
        record,
        `chaos-${lead.leadId}-r${record.reofferRounds}`,
        'the first one works for me',
      );
    }
  }
}

/**
 * The service's answer for a workflow whose task keeps failing (503 naming the workflow), or Temporal's
 * refusal to run an Update on it: no retry will get through.
 */
function cannotProgress(body: unknown): boolean {
  const text = JSON.stringify(body ?? '');
  return /workflow_error|cannot run|Workflow Task in failed state|nondetermin/i.test(text);
}
