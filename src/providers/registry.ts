import type { ProviderName as WorkflowProviderName } from '../../workflows/messages';
import type { AppConfig } from '../config';
import { calendlyProvider } from './calendly/provider';
import { ghlProvider } from './ghl/provider';
import type { ProviderModule } from './module';
import { PROVIDER_NAMES, type ProviderName } from './names';
import type { BookingProviderAdapter } from './types';

export { PROVIDER_NAMES, type ProviderName };

/**
 * Booking providers by name. Adding a provider = one folder under src/providers (see
 * docs/architecture.md: client, adapter, credentials, lead record, webhook, connect, provider.ts), its name
 * in ./names.ts and one line here (this table must have a module for every name, or it does not compile).
 */
export const PROVIDERS: { readonly [N in ProviderName]: ProviderModule } = {
  ghl: ghlProvider as ProviderModule,
  calendly: calendlyProvider as ProviderModule,
};

/** Every registered provider module, in PROVIDER_NAMES order. */
export const providerModules = (): ProviderModule[] => PROVIDER_NAMES.map((name) => PROVIDERS[name]);

export function createProviders(config: AppConfig): Map<ProviderName, BookingProviderAdapter> {
  return new Map(PROVIDER_NAMES.map((name) => [name, PROVIDERS[name].createAdapter(config)]));
}

// The workflow declares its own ProviderName (workflows/messages.ts); both must name the same providers.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesAgreeWithWorkflow: Same<ProviderName, WorkflowProviderName> = true;
void namesAgreeWithWorkflow;
