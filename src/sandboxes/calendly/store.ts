import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isBookable } from './availability';
import {
  type CalendlyPlan,
  type EventTypeLocationRecord,
  type EventTypeRecord,
  emptyData,
  type InviteeRecord,
  invalidArgument,
  type NoShowRecord,
  notFound,
  type SandboxData,
  type ScheduledEventRecord,
  type UserRecord,
  type WeeklyHours,
} from './model';
import { uuidFromUri } from './render';

/**
 * The sandbox's state and its booking rules: who is who, what is booked, and the lead/host actions that
 * change it. HTTP concerns live in ./api.ts and ./control.ts; webhook sending in ./deliveries.ts.
 */

export interface SeedEventTypeInput {
  name?: string;
  slug?: string;
  duration?: number;
  timezone?: string;
  weeklyHours?: WeeklyHours;
  slotIntervalMinutes?: number;
  inviteesPerSlot?: number;
  active?: boolean;
  locationKind?: string | null;
  /** The event type's configured locations (Calendly `locations`), in the host's order. */
  locations?: EventTypeLocationRecord[];
}

export interface SeedInput {
  /** Bearer token for the seeded user; generated when omitted. */
  token?: string;
  plan?: CalendlyPlan;
  /** Add the user to an existing organization instead of creating one. */
  organizationUri?: string;
  organizationName?: string;
  user?: { name?: string; email?: string; timezone?: string; slug?: string };
  /** Defaults to one 30-minute event type, Mon–Fri 09:00–17:00 in the user's time zone. */
  eventTypes?: SeedEventTypeInput[];
}

export interface SeedIds {
  token: string;
  userUuid: string;
  orgUuid: string;
  eventTypeUuids: string[];
}

/** What a state change means for webhooks: which invitee, which event, in order. */
export interface WebhookTrigger {
  event: 'invitee.created' | 'invitee.canceled' | 'invitee_no_show.created' | 'invitee_no_show.deleted';
  inviteeUuid: string;
  /** invitee_no_show.deleted: the mark that was removed (the payload's `no_show`). */
  removedNoShow?: NoShowRecord;
}

export interface NewInvitee {
  email: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  timezone: string;
  textReminderNumber?: string;
  tracking?: Record<string, string>;
  questionsAndAnswers?: Array<{ question: string; answer: string; position?: number }>;
}

export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
  wed: [{ start: '09:00', end: '17:00' }],
  thu: [{ start: '09:00', end: '17:00' }],
  fri: [{ start: '09:00', end: '17:00' }],
};

/** Calendly-style opaque uuids (upper-case, 16 characters). */
export function newUuid(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'X').toUpperCase();
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'meeting';

export const SLOT_TAKEN_MESSAGE = 'Sorry, that time is no longer available. Please select another time.';

export class SandboxStore {
  data: SandboxData = emptyData();

  constructor(
    private readonly stateFile: string | undefined,
    readonly now: () => number = Date.now,
  ) {
    if (stateFile) {
      try {
        this.data = {
          ...emptyData(),
          ...(JSON.parse(readFileSync(stateFile, 'utf8')) as Partial<SandboxData>),
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  get isEmpty(): boolean {
    return this.data.users.length === 0;
  }

  /** Writes the whole state atomically (write + rename), so a crash never leaves half a file. */
  save(): void {
    if (!this.stateFile) return;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    renameSync(tmp, this.stateFile);
  }

  reset(): void {
    this.data = emptyData();
    this.save();
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  // ---- seeding --------------------------------------------------------------------------------

  seed(input: SeedInput = {}): SeedIds {
    const createdAt = this.iso();
    let orgUuid: string;
    if (input.organizationUri) {
      orgUuid = uuidFromUri(input.organizationUri);
      if (!this.data.organizations.some((o) => o.uuid === orgUuid)) throw notFound();
    } else {
      orgUuid = newUuid();
      this.data.organizations.push({
        uuid: orgUuid,
        name: input.organizationName ?? 'Sandbox Org',
        createdAt,
      });
    }
    const timezone = input.user?.timezone ?? 'America/New_York';
    const name = input.user?.name ?? 'Sandbox Host';
    const user: UserRecord = {
      uuid: newUuid(),
      orgUuid,
      name,
      email: input.user?.email ?? `host-${randomUUID().slice(0, 8)}@sandbox.calendly.test`,
      timezone,
      slug: input.user?.slug ?? `${slugify(name)}-${randomBytes(3).toString('hex')}`,
      plan: input.plan ?? 'standard',
      createdAt,
    };
    this.data.users.push(user);
    const token = input.token ?? `sandbox_pat_${randomBytes(24).toString('hex')}`;
    this.data.tokens = this.data.tokens.filter((t) => t.token !== token);
    this.data.tokens.push({ token, userUuid: user.uuid });
    const eventTypes = (input.eventTypes ?? [{}]).map((et) => this.addEventType(user, et, createdAt));
    this.save();
    return { token, userUuid: user.uuid, orgUuid, eventTypeUuids: eventTypes.map((e) => e.uuid) };
  }

  private addEventType(user: UserRecord, input: SeedEventTypeInput, createdAt: string): EventTypeRecord {
    const duration = input.duration ?? 30;
    const name = input.name ?? `${duration} Minute Meeting`;
    const record: EventTypeRecord = {
      uuid: newUuid(),
      userUuid: user.uuid,
      name,
      slug: input.slug ?? slugify(name),
      duration,
      active: input.active ?? true,
      timezone: input.timezone ?? user.timezone,
      weeklyHours: input.weeklyHours ?? DEFAULT_WEEKLY_HOURS,
      slotIntervalMinutes: input.slotIntervalMinutes ?? duration,
      inviteesPerSlot: input.inviteesPerSlot ?? 1,
      locationKind: input.locationKind ?? null,
      ...(input.locations ? { locations: input.locations } : {}),
      createdAt,
    };
    this.data.eventTypes.push(record);
    return record;
  }

  setPlan(userUri: string, plan: CalendlyPlan): void {
    this.requireUser(uuidFromUri(userUri)).plan = plan;
    this.save();
  }

  // ---- lookups ----------------------------------------------------------------------------------

  userByToken(token: string): UserRecord | undefined {
    const record = this.data.tokens.find((t) => t.token === token);
    return record ? this.data.users.find((u) => u.uuid === record.userUuid) : undefined;
  }

  user(uuid: string): UserRecord | undefined {
    return this.data.users.find((u) => u.uuid === uuid);
  }

  requireUser(uuid: string): UserRecord {
    const user = this.user(uuid);
    if (!user) throw notFound();
    return user;
  }

  eventType(uuid: string): EventTypeRecord | undefined {
    return this.data.eventTypes.find((e) => e.uuid === uuid);
  }

  scheduledEvent(uuid: string): ScheduledEventRecord | undefined {
    return this.data.scheduledEvents.find((e) => e.uuid === uuid);
  }

  invitee(uuid: string): InviteeRecord | undefined {
    return this.data.invitees.find((i) => i.uuid === uuid);
  }

  requireInviteeByUri(uri: string): InviteeRecord {
    const invitee = this.invitee(uuidFromUri(uri));
    if (!invitee) throw notFound();
    return invitee;
  }

  // ---- booking rules ----------------------------------------------------------------------------

  /**
   * Books `startMs` for one invitee: joins the group event already at that start, or creates the
   * scheduled event. Refuses a time that is not offered, in the past, or taken.
   */
  book(input: {
    eventType: EventTypeRecord;
    startMs: number;
    invitee: NewInvitee;
    location?: { kind: string; location?: string };
    schedulingMethod: string | null;
    scheduledByUserUuid: string | null;
    oldInviteeUuid?: string;
    /** A reschedule may move into time its own old meeting occupies. */
    ignoreEventUuid?: string;
  }): InviteeRecord {
    const { eventType, startMs } = input;
    if (!isBookable(this.data, eventType, startMs, this.now(), input.ignoreEventUuid)) {
      throw invalidArgument(SLOT_TAKEN_MESSAGE, [{ parameter: 'start_time', message: SLOT_TAKEN_MESSAGE }]);
    }
    const now = this.iso();
    let event = this.data.scheduledEvents.find(
      (e) =>
        e.eventTypeUuid === eventType.uuid &&
        e.status === 'active' &&
        e.uuid !== input.ignoreEventUuid &&
        Date.parse(e.startTime) === startMs,
    );
    if (!event) {
      event = {
        uuid: newUuid(),
        eventTypeUuid: eventType.uuid,
        hostUuid: eventType.userUuid,
        name: eventType.name,
        status: 'active',
        startTime: this.iso(startMs),
        endTime: this.iso(startMs + eventType.duration * 60_000),
        location: input.location
          ? {
              type: input.location.kind,
              ...(input.location.location ? { location: input.location.location } : {}),
            }
          : null,
        createdAt: now,
        updatedAt: now,
        cancellation: null,
      };
      this.data.scheduledEvents.push(event);
    }
    const { invitee } = input;
    const name = invitee.name ?? [invitee.firstName, invitee.lastName].filter(Boolean).join(' ');
    const record: InviteeRecord = {
      uuid: newUuid(),
      eventUuid: event.uuid,
      email: invitee.email,
      name,
      firstName: invitee.name ? null : (invitee.firstName ?? null),
      lastName: invitee.name ? null : (invitee.lastName ?? null),
      timezone: invitee.timezone,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      rescheduled: false,
      oldInviteeUuid: input.oldInviteeUuid ?? null,
      newInviteeUuid: null,
      cancellation: null,
      textReminderNumber: invitee.textReminderNumber ?? null,
      tracking: invitee.tracking ?? {},
      questionsAndAnswers: invitee.questionsAndAnswers ?? [],
      schedulingMethod: input.schedulingMethod,
      scheduledByUserUuid: input.scheduledByUserUuid,
    };
    this.data.invitees.push(record);
    this.save();
    return record;
  }

  /** Host cancels the whole meeting: every active invitee is canceled with it. */
  cancelEventAsHost(event: ScheduledEventRecord, host: UserRecord, reason: string | null): WebhookTrigger[] {
    const cancellation = {
      canceledBy: host.name,
      reason,
      cancelerType: 'host' as const,
      createdAt: this.iso(),
    };
    const triggers: WebhookTrigger[] = [];
    for (const invitee of this.data.invitees) {
      if (invitee.eventUuid !== event.uuid || invitee.status !== 'active') continue;
      Object.assign(invitee, { status: 'canceled', cancellation, updatedAt: cancellation.createdAt });
      triggers.push({ event: 'invitee.canceled', inviteeUuid: invitee.uuid });
    }
    Object.assign(event, { status: 'canceled', cancellation, updatedAt: cancellation.createdAt });
    this.save();
    return triggers;
  }

  /** The lead cancels from their confirmation e-mail; the meeting ends when its last invitee leaves. */
  cancelInviteeAsLead(
    inviteeUri: string,
    reason: string | null,
    rescheduledTo?: InviteeRecord,
  ): WebhookTrigger[] {
    const invitee = this.requireInviteeByUri(inviteeUri);
    if (invitee.status === 'canceled') throw invalidArgument('This invitee is already canceled.');
    const at = this.iso();
    const cancellation = {
      canceledBy: invitee.name,
      reason,
      cancelerType: 'invitee' as const,
      createdAt: at,
    };
    Object.assign(invitee, {
      status: 'canceled',
      cancellation,
      updatedAt: at,
      ...(rescheduledTo ? { rescheduled: true, newInviteeUuid: rescheduledTo.uuid } : {}),
    });
    const event = this.scheduledEvent(invitee.eventUuid);
    const stillAttending = this.data.invitees.some(
      (i) => i.eventUuid === invitee.eventUuid && i.status === 'active',
    );
    if (event && !stillAttending) Object.assign(event, { status: 'canceled', cancellation, updatedAt: at });
    this.save();
    return [{ event: 'invitee.canceled', inviteeUuid: invitee.uuid }];
  }

  /**
   * The lead picks a new time from the reschedule link: Calendly books a new invitee pointing back at
   * the old one, and cancels the old one with `rescheduled: true` pointing forward.
   */
  rescheduleAsLead(
    inviteeUri: string,
    newStartMs: number,
  ): { oldInvitee: InviteeRecord; newInvitee: InviteeRecord } {
    const oldInvitee = this.requireInviteeByUri(inviteeUri);
    if (oldInvitee.status === 'canceled') throw invalidArgument('This invitee is already canceled.');
    const oldEvent = this.scheduledEvent(oldInvitee.eventUuid);
    const eventType = oldEvent ? this.eventType(oldEvent.eventTypeUuid) : undefined;
    if (!oldEvent || !eventType) throw notFound();
    const newInvitee = this.book({
      eventType,
      startMs: newStartMs,
      invitee: {
        email: oldInvitee.email,
        name: oldInvitee.name,
        timezone: oldInvitee.timezone,
        ...(oldInvitee.textReminderNumber ? { textReminderNumber: oldInvitee.textReminderNumber } : {}),
      },
      schedulingMethod: null,
      scheduledByUserUuid: null,
      oldInviteeUuid: oldInvitee.uuid,
      ignoreEventUuid: oldEvent.uuid,
    });
    this.cancelInviteeAsLead(inviteeUri, 'Rescheduled', newInvitee);
    return { oldInvitee, newInvitee };
  }
}
