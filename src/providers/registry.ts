import type { AppConfig } from '../config';
import { createCalendlyAdapter } from './calendly/adapter';
import { createGhlAdapter } from './ghl/adapter';
import type { BookingProviderAdapter, ProviderName } from './types';

/**
 * Booking providers by name. Adding a provider = one folder under src/providers (client, adapter,
 * webhooks, sandbox) plus one line here.
 */
const FACTORIES: Record<ProviderName, (config: AppConfig) => BookingProviderAdapter> = {
  ghl: createGhlAdapter,
  calendly: createCalendlyAdapter,
};

export function createProviders(config: AppConfig): Map<ProviderName, BookingProviderAdapter> {
  return new Map(Object.entries(FACTORIES).map(([name, make]) => [name as ProviderName, make(config)]));
}
