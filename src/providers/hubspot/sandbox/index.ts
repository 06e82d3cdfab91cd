export type { SandboxMeetingLink, SeedMeetingLinkInput } from './model';
export {
  type HubspotSandbox,
  type HubspotSandboxOptions,
  type HubspotTrafficEntry,
  startHubspotSandbox,
} from './server';
