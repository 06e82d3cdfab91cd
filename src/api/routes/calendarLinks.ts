import { Router } from 'express';
import { z } from 'zod';
import { IdString } from '../../lib/safeText';
import {
  calendarLinksBodySchema,
  calendarLinkViewSchema,
  readCalendarLinks,
  replaceCalendarLinks,
} from '../../workspaces/calendarLinks';
import { requireBearer } from '../auth';
import type { ApiDeps } from '../deps';
import {
  ADMIN_TOKEN,
  body,
  docs,
  errors,
  jsonSchemaOf,
  ok,
  pathParam,
  type RouteDocs,
} from '../docs/registry';
import { parseOrThrow } from '../errors';

const calendarLinksViewSchema = z.object({ links: z.array(calendarLinkViewSchema) });

/** The workspace's calendar links; the default one is the availability source of its offers. */
export function calendarLinkRoutes(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireBearer(deps.config.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
  r.get('/api/workspaces/:clientId/calendar-links', admin, async (req, res) => {
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    res.json(await readCalendarLinks(deps.db, clientId));
  });
  r.put('/api/workspaces/:clientId/calendar-links', admin, async (req, res) => {
    const clientId = parseOrThrow(IdString, req.params.clientId, 'workspace id');
    const input = parseOrThrow(calendarLinksBodySchema, req.body ?? {});
    res.json(await replaceCalendarLinks(deps.db, deps.secrets, clientId, input));
  });
  return r;
}

export function calendarLinkDocs(): RouteDocs {
  const clientId = pathParam('clientId', IdString, 'Workspace id');
  return docs(
    [
      {
        method: 'get',
        path: '/api/workspaces/:clientId/calendar-links',
        operation: {
          operationId: 'getCalendarLinks',
          tags: ['workspaces'],
          summary:
            "The workspace's calendar links (the default one is where offered availability comes from)",
          security: ADMIN_TOKEN,
          parameters: [clientId],
          responses: {
            '200': ok('The links (tokens never returned)', jsonSchemaOf(calendarLinksViewSchema)),
            ...errors('400', '401', '404', '500'),
          },
        },
      },
      {
        method: 'put',
        path: '/api/workspaces/:clientId/calendar-links',
        operation: {
          operationId: 'putCalendarLinks',
          tags: ['workspaces'],
          summary:
            'Replaces the calendar links (ghl widget, Calendly event type, HubSpot meeting link with its token); at most one default',
          security: ADMIN_TOKEN,
          parameters: [clientId],
          requestBody: body('CalendarLinks'),
          responses: {
            '200': ok('The links as stored', jsonSchemaOf(calendarLinksViewSchema)),
            ...errors('400', '401', '404', '413', '415', '500'),
          },
        },
      },
    ],
    { CalendarLinks: calendarLinksBodySchema },
  );
}
