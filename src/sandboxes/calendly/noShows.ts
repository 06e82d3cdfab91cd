import type { Response, Router } from 'express';
import { createInviteeNoShowRequestSchema } from '../../providers/calendly/schemas';
import type { SandboxContext } from './context';
import { type InviteeRecord, invalidArgument, notFound, permissionDenied, type UserRecord } from './model';
import { renderNoShowMark, uris, uuidFromUri } from './render';
import { newUuid } from './store';

/**
 * Calendly's invitee no-show endpoints (developer.calendly.com "Create / Get / Delete Invitee No Show",
 * scope `scheduled_events:write`): a host marks an invitee of their organization as a no-show and may
 * remove the mark. Each change fires `invitee_no_show.created` / `.deleted` with the invitee payload,
 * `no_show` naming the mark, like the sandbox's other webhooks (signed, retried).
 *
 *   POST   /invitee_no_shows         { invitee: URI } → 201 { resource: { uri, invitee, created_at } }
 *   GET    /invitee_no_shows/{uuid}  → 200 { resource }
 *   DELETE /invitee_no_shows/{uuid}  → 204
 */
export function addNoShowRoutes(
  router: Router,
  ctx: SandboxContext,
  me: (res: Response) => UserRecord,
): void {
  const { store, scheme } = ctx;
  const render = (invitee: InviteeRecord) => {
    const mark = invitee.noShow;
    if (!mark) throw notFound();
    return {
      ...renderNoShowMark(scheme, mark),
      invitee: uris(scheme).invitee(invitee.eventUuid, invitee.uuid),
    };
  };
  /** Invitees are visible to members of the host's organization only. */
  const inOrganization = (res: Response, invitee: InviteeRecord) => {
    const event = store.scheduledEvent(invitee.eventUuid);
    const host = event && store.user(event.hostUuid);
    if (!host) throw notFound();
    if (host.orgUuid !== me(res).orgUuid) throw permissionDenied();
    return invitee;
  };
  const markedWith = (res: Response, uuid: string) => {
    const invitee = store.data.invitees.find((i) => i.noShow?.uuid === uuid);
    if (!invitee) throw notFound();
    return inOrganization(res, invitee);
  };

  router.post('/invitee_no_shows', (req, res) => {
    const parsed = createInviteeNoShowRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw invalidArgument(
        'The supplied parameters are invalid.',
        parsed.error.issues.map((i) => ({ parameter: i.path.join('.') || 'invitee', message: i.message })),
      );
    }
    const invitee = store.invitee(uuidFromUri(parsed.data.invitee));
    if (!invitee) throw notFound();
    inOrganization(res, invitee);
    if (invitee.noShow) throw invalidArgument('This invitee is already marked as a no show.');
    if (invitee.status === 'canceled')
      throw invalidArgument('A canceled invitee cannot be marked as a no show.');
    invitee.noShow = { uuid: newUuid(), createdAt: new Date(store.now()).toISOString() };
    store.save();
    ctx.dispatcher.emitInBackground([{ event: 'invitee_no_show.created', inviteeUuid: invitee.uuid }]);
    res.status(201).json({ resource: render(invitee) });
  });

  router.get('/invitee_no_shows/:uuid', (req, res) => {
    res.json({ resource: render(markedWith(res, req.params.uuid as string)) });
  });

  router.delete('/invitee_no_shows/:uuid', (req, res) => {
    const invitee = markedWith(res, req.params.uuid as string);
    const removed = invitee.noShow ?? undefined;
    invitee.noShow = null;
    store.save();
    ctx.dispatcher.emitInBackground([
      { event: 'invitee_no_show.deleted', inviteeUuid: invitee.uuid, removedNoShow: removed },
    ]);
    res.status(204).end();
  });
}
