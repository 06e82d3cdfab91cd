import type { ZodType } from 'zod';
import type { AppConfig } from '../config';
import type { Db, Prisma } from '../db/prisma';
import type { Client, Lead, WorkspaceSettings } from '../generated/prisma/client';
import type { SecretBox } from '../lib/secrets';
import type { ProviderName } from './names';
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
}
