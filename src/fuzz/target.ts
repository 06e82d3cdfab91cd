import type { RegisteredRoute } from '../api/routeTable';

/** What a fuzz run aims at: the running API, its tokens, real ids, signing keys, and every route. */
export interface FuzzTarget {
  apiUrl: string;
  apiToken: string;
  adminToken: string;
  bodyLimitBytes: number;
  /** Every route the app registers (src/api/routeTable.ts), so new routes are fuzzed without edits. */
  routes: RegisteredRoute[];
  ghl: {
    clientId: string;
    leadId: string;
    contactId: string;
    locationId: string;
    workflowId: string;
    /** Signs GHL webhooks the service accepts (the GHL sandbox's key in a fuzz stack). */
    privateKeyPem: string;
  };
  calendly: { clientId: string; signingKey: string };
  /** The workspaces this run owns: rows and workflows are counted within them. */
  clientIds: string[];
}
