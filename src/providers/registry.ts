import type { AppConfig } from '../config';
import type { BookingProviderAdapter, ProviderName } from './types';

/**
 * Provider factories by name. Adding a provider = one folder under src/providers plus one line here.
 */
export type ProviderFactory = (config: AppConfig) => BookingProviderAdapter;

const factories = new Map<ProviderName, ProviderFactory>();

export function registerProvider(name: ProviderName, factory: ProviderFactory): void {
  factories.set(name, factory);
}

export function createProviders(config: AppConfig): Map<ProviderName, BookingProviderAdapter> {
  return new Map([...factories].map(([name, make]) => [name, make(config)]));
}
