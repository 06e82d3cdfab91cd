import type { Request, Response } from 'express';
import type { Faults } from '../faults';
import type { WebhookDispatcher } from './deliveries';
import { type CalendlyLimits, invalidArgument } from './model';
import type { UriScheme } from './render';
import type { SandboxStore } from './store';

/** What the sandbox's HTTP layers share. */
export interface SandboxContext {
  store: SandboxStore;
  dispatcher: WebhookDispatcher;
  scheme: UriScheme;
  faults: Faults;
  limits: CalendlyLimits;
  /** Every Calendly API request received (control calls excluded), for "no HTTP call was made" tests. */
  requests: RecordedRequest[];
  /** POST /invitees timestamps per user, for the per-minute limit. */
  inviteeCalls: Map<string, number[]>;
  /** Answers deliberately never sent (hangNext, hangAfterCommitNext); closed when the sandbox stops. */
  hanging: Set<Response>;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  /** null while the request is unanswered (or hangs forever). */
  status: number | null;
}

/** First value of a query parameter (Express gives arrays for repeated keys). */
export function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

export function requiredParam(req: Request, name: string): string {
  const value = queryParam(req, name);
  if (value === undefined)
    throw invalidArgument('The supplied parameters are invalid.', [
      { parameter: name, message: 'is required' },
    ]);
  return value;
}

export function instantParam(req: Request, name: string, required: true): number;
export function instantParam(req: Request, name: string, required?: false): number | undefined;
export function instantParam(req: Request, name: string, required = false): number | undefined {
  const value = required ? requiredParam(req, name) : queryParam(req, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw invalidArgument('The supplied parameters are invalid.', [
      { parameter: name, message: 'must be an ISO-8601 time' },
    ]);
  }
  return ms;
}
