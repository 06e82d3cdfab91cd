import type { Response } from 'express';
import type { Faults } from '../faults';
import type { OutgoingWebhook, WebhookSender } from './deliveries';
import type { SandboxStore } from './store';

/** What the sandbox's routers share. */
export interface SandboxContext {
  store: SandboxStore;
  faults: Faults;
  webhooks: WebhookSender;
  traffic: TrafficLog;
  logger: SandboxLogger;
  now(): number;
  /** Fire-and-forget delivery of an event the API caused; failures are logged, never thrown. */
  emit(locationId: string, event: OutgoingWebhook): void;
}

export interface SandboxLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** One GHL API exchange as the sandbox saw it; the Authorization header is never kept. */
export interface TrafficEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: { version?: string; contentType?: string };
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

export class TrafficLog {
  private entries: TrafficEntry[] = [];
  constructor(private readonly limit = 1000) {}

  add(entry: TrafficEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
  }

  list(): TrafficEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

/** GHL (NestJS) error body: `{ statusCode, message, error? }`. */
export function sendGhlError(res: Response, status: number, message: string | string[]): void {
  res
    .status(status)
    .json({ statusCode: status, message, ...(ERROR_NAMES[status] ? { error: ERROR_NAMES[status] } : {}) });
}

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
