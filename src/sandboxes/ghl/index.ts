export { DEFAULT_KNOBS, type SandboxKnobs, type SandboxKnobsPatch } from '../faults';
export { SLOT_TAKEN_MESSAGE } from './api';
export type { SandboxLogger, TrafficEntry } from './context';
export type { OutgoingWebhook, WebhookTarget } from './deliveries';
export type {
  CalendarSeed,
  ContactSeed,
  LocationSeed,
  OpenHoursRule,
  SandboxAppointment,
  SandboxLocation,
  SandboxMessage,
} from './model';
export { type GhlSandbox, type GhlSandboxOptions, generateSigningKeyPair, startGhlSandbox } from './server';
