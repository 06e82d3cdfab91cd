import type { ZodRawShape, ZodType } from 'zod';
import type { AppConfig } from '../config';
import type { Db, Prisma } from '../db/prisma';
import type { Client, Lead, WorkspaceSettings } from '../generated/prisma/client';
import type { SecretBox } from '../lib/secrets';
import type { AvailabilitySourceName, ProviderName } from './names';
import type { BookingProviderAdapter } from './types';
import type { ProviderWebhook } from './webhook';

/**
 * Everything the service knows about one booking provider, declared in its folder
 * (src/providers/<name>/provider.ts) and listed once in ./registry.ts. Shared code (activities, API
 * routes, webhook delivery) reads these parts and never branches on a provider's name.
 */
export interface ProviderModule<Credentials = unknown> {
  readonly name: ProviderName;
  /** How people call it ("GoHighLevel", "Calendly"): error messages and the API document. */
  readonly label: string;
  createAdapter(config: AppConfig): BookingProviderAdapter<Credentials>;
  readonly credentials: ProviderCredentials<Credentials>;
  readonly leadRecord: LeadBookingColumns;
  readonly webhook: ProviderWebhook;
  /** Present when a workspace connects the provider through our API (PUT .../integrations/<name>). */
  readonly connect?: ProviderConnect;
  /** Present when the provider keeps the contacts a lead's `externalId` names (GHL). */
  readonly contacts?: ProviderContacts;
}

/** A contact as the provider holds it: raw strings, checked against the lead's rules by the caller. */
export interface ContactDetails {
  name?: string;
  email?: string;
  phone?: string;
  timezone?: string;
}

export interface ProviderContacts {
  /** The workspace's contact, or undefined when the provider does not know it. */
  fetch(deps: ConnectDeps, clientId: string, contactId: string): Promise<ContactDetails | undefined>;
}

/** Where a provider finds a workspace's credentials: the workspace row, its settings, its own tables. */
export interface CredentialSource {
  db: Db;
  secrets: SecretBox;
  client: Client;
  settings: Pick<WorkspaceSettings, 'ghlCalendarId'>;
}

export interface ProviderCredentials<Credentials> {
  /** What the adapter needs, decrypted. Checked after loading: a half-stored connection is not one. */
  readonly schema: ZodType<Credentials>;
  /** Reads (and decrypts) them; undefined when the workspace has not connected this provider. */
  load(source: CredentialSource): Promise<unknown>;
}

/** How a provider's booking is written on the Lead row (the columns the previous system used). */
export interface LeadBookingColumns {
  /** The booking this provider holds for the lead according to the Lead row, if any. */
  recorded(lead: Lead): { bookingId: string; scheduledEventUri?: string } | undefined;
  /** The Lead columns that record a booking of this provider. */
  columns(booking: { bookingId: string; scheduledEventUri?: string }): Prisma.LeadUncheckedUpdateInput;
  /** Matches a lead whose current booking is this one. */
  isCurrent(bookingId: string): Prisma.LeadWhereInput;
  /** The columns emptied when the lead's booking is cancelled. */
  readonly cleared: Prisma.LeadUncheckedUpdateInput;
  /**
   * The provider's confirmation carries ids the Lead row must take (Calendly's invitee.created names the
   * scheduled event and, on a reschedule, the new invitee); when false a confirmation changes nothing there.
   */
  readonly confirmationUpdatesLead: boolean;
}

export interface ConnectDeps {
  db: Db;
  secrets: SecretBox;
  config: AppConfig;
}

/** Connecting a workspace to the provider (admin endpoints PUT/GET/DELETE .../integrations/<name>). */
export interface ProviderConnect {
  /** The PUT body: the provider's own credentials input. */
  readonly bodySchema: ZodType;
  connect(deps: ConnectDeps, clientId: string, body: unknown): Promise<object>;
  read(deps: ConnectDeps, clientId: string): Promise<object>;
  disconnect(deps: ConnectDeps, clientId: string): Promise<object>;
  /** Parts of the connection a workspace changes with PATCH .../settings, without reconnecting. */
  readonly settings?: ProviderConnectionSettings;
}

/**
 * Connection settings that are workspace settings (Calendly's event type): changed through
 * PATCH /api/workspaces/:clientId/settings, leaving the credentials and webhook subscription as they are.
 */
export interface ProviderConnectionSettings {
  /** The PATCH fields, each optional, named after the provider (`calendlyEventTypeUri`). */
  readonly patchFields: ZodRawShape;
  /** What GET/PATCH .../settings show of the connection; null values while it is not connected. */
  view(db: Prisma.TransactionClient, clientId: string): Promise<Record<string, unknown>>;
  /**
   * Checks the given values with the provider and stores them. Runs inside the settings transaction with
   * the workspace row locked; throws AppError (400 a value the provider refuses, 409 not connected, 503
   * provider unreachable) and the transaction writes nothing. Returns whether anything was given.
   */
  apply(
    deps: ConnectDeps,
    tx: Prisma.TransactionClient,
    clientId: string,
    values: Record<string, unknown>,
  ): Promise<boolean>;
}

/** What an availability source reads with: the database (connections), the secret box, the config. */
export interface AvailabilitySourceDeps {
  db: Db;
  secrets: SecretBox;
  config: AppConfig;
}

/** The workspace's default calendar link, as an availability source reads it. */
export interface CalendarLinkInput {
  url: string;
  /** Decrypted token the link carries when its source needs its own (HubSpot); undefined otherwise. */
  accessToken?: string;
}

/**
 * Where free times come from when a workspace has a default CalendarLink: one per link type
 * (AVAILABILITY_SOURCE_NAMES), independent of the booking provider. Listed in ./availabilitySources.ts.
 */
export interface AvailabilitySource {
  readonly type: AvailabilitySourceName;
  readonly label: string;
  /** Why the URL is not a link of this source (a field-level 400), or undefined when it is. */
  checkUrl(url: string): string | undefined;
  /** True when the link must carry its own token (the source has no workspace connection to use). */
  readonly needsAccessToken: boolean;
  /** Free start times (ISO-8601 UTC, ascending) in [from, to). Throws ProviderError. */
  listAvailableSlots(
    deps: AvailabilitySourceDeps,
    args: {
      client: Client;
      link: CalendarLinkInput;
      timezone: string;
      meetingDurationMinutes: number;
      window: { from: Date; to: Date };
    },
  ): Promise<string[]>;
}
