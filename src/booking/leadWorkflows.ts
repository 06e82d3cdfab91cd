import { type Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  bookingStateQuery,
  type LeadBookingInput,
  type LeadBookingSnapshot,
  type LeadReply,
  leadBookingWorkflowId,
  type OfferResult,
  offerSlotsUpdate,
  PATCHED_BEHAVIOR,
  type ProviderBookingEvent,
  providerBookingEventSignal,
  type ReplyResult,
  submitReplyUpdate,
} from '../../workflows/messages';
import type { AppConfig } from '../config';
import { AppError } from '../errors';
import { unavailableDependency } from '../lib/dependencyUnavailable';
import {
  AttentionReasonAttr,
  BookingProviderAttr,
  BookingStatusAttr,
  ClientIdAttr,
  LeadIdAttr,
  MeetingStartTimeAttr,
  NeedsAttentionAttr,
} from '../temporal/searchAttributes';
import { type BookingSearch, bookingSearchQuery } from './bookingSearch';

/**
 * How the API talks to lead booking workflows. The workflow id is derived from workspace + lead, and
 * starts use USE_EXISTING, so a second start attaches to the running workflow instead of duplicating it.
 */
export class LeadWorkflows {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
    private readonly taskQueue = config.TEMPORAL_TASK_QUEUE,
  ) {}

  private startOptions(clientId: string, leadId: string, extra: Partial<LeadBookingInput> = {}) {
    const input: LeadBookingInput = {
      clientId,
      leadId,
      bookingAttentionAfterSeconds: this.config.BOOKING_ATTENTION_AFTER_SECONDS,
      bookingCallTimeoutSeconds: this.config.BOOKING_CALL_TIMEOUT_SECONDS,
      confirmationTimeoutSeconds: this.config.BOOKING_CONFIRMATION_TIMEOUT_SECONDS,
      pickConfirmationTimeoutSeconds: this.config.PICK_CONFIRMATION_TIMEOUT_SECONDS,
      inactiveAfterSeconds: this.config.LEAD_INACTIVE_AFTER_SECONDS,
      continueAsNewAfterEvents: this.config.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS,
      // New runs take every earlier patch from their first command (workflows/behavior.ts).
      behavior: PATCHED_BEHAVIOR,
      ...extra,
    };
    return {
      workflowId: leadBookingWorkflowId(clientId, leadId),
      taskQueue: this.taskQueue,
      args: [input] as [LeadBookingInput],
      // Shown in the Temporal UI's workflow list and details.
      staticSummary: `Booking for lead ${leadId}`,
      staticDetails: `Workspace ${clientId}, lead ${leadId}. Offer → reply → booking → reminders.`,
      typedSearchAttributes: [
        { key: ClientIdAttr, value: clientId },
        { key: LeadIdAttr, value: leadId },
      ],
    };
  }

  /** Starts the lead's workflow if needed and asks it for an offer (or the offer it already has). */
  async offer(clientId: string, leadId: string, refresh = false): Promise<OfferResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation('LeadBookingWorkflow', {
      ...this.startOptions(clientId, leadId),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    try {
      return await this.temporal.workflow.executeUpdateWithStart(offerSlotsUpdate, {
        args: [{ refresh }],
        startWorkflowOperation,
      });
    } catch (err) {
      throw await this.workflowError(leadBookingWorkflowId(clientId, leadId), err);
    }
  }

  /** Delivers a lead's message; the update id makes a redelivered message a no-op. */
  async reply(clientId: string, leadId: string, reply: LeadReply): Promise<ReplyResult> {
    const handle = this.temporal.workflow.getHandle(leadBookingWorkflowId(clientId, leadId));
    try {
      return await handle.executeUpdate(submitReplyUpdate, {
        args: [reply],
        updateId: `reply:${reply.messageId}`,
      });
    } catch (err) {
      if (isNotRunning(err))
        return {
          result: 'no_active_offer',
          status: 'new',
          evidence: ['no booking workflow is running for this lead'],
        };
      throw await this.workflowError(handle.workflowId, err);
    }
  }

  /**
   * What the API makes of a failed call to a lead's workflow: refusals by the workflow (409) and
   * Temporal outages (503 `temporal is unavailable`) pass through; anything else means the workflow
   * itself could not run (its task keeps failing): a 503 naming it, never a 500.
   */
  private async workflowError(workflowId: string, err: unknown): Promise<unknown> {
    if (err instanceof Error && err.name === 'WorkflowUpdateFailedError') return err;
    if (unavailableDependency(err) || err instanceof AppError) return err;
    try {
      const pending = (await this.temporal.workflow.getHandle(workflowId).describe()).raw.pendingWorkflowTask;
      if (pending && (pending.attempt ?? 0) > 1)
        return workflowCannotAnswer(
          workflowId,
          err,
          `its workflow task has failed ${(pending.attempt ?? 1) - 1} time(s)`,
        );
    } catch {
      // Describing failed too: report what we know.
    }
    return workflowCannotAnswer(workflowId, err);
  }

  /**
   * Delivers a provider booking event. With `startIfMissing` (a lead who booked on the provider's page
   * with no offer from us) the workflow is created by signal-with-start.
   */
  async providerEvent(
    clientId: string,
    leadId: string,
    event: ProviderBookingEvent,
    startIfMissing: boolean,
  ): Promise<void> {
    if (startIfMissing) {
      await this.temporal.workflow.signalWithStart('LeadBookingWorkflow', {
        ...this.startOptions(clientId, leadId, { selfBooked: true }),
        signal: providerBookingEventSignal,
        signalArgs: [event],
      });
      return;
    }
    await this.temporal.workflow
      .getHandle(leadBookingWorkflowId(clientId, leadId))
      .signal(providerBookingEventSignal, event);
  }

  async state(clientId: string, leadId: string): Promise<LeadBookingSnapshot | undefined> {
    const workflowId = leadBookingWorkflowId(clientId, leadId);
    try {
      return await this.temporal.workflow.getHandle(workflowId).query(bookingStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw await this.workflowError(workflowId, err);
    }
  }

  /** Running booking workflows matching `search`, through Temporal visibility (operators' list). */
  async search(search: BookingSearch, limit: number) {
    const query = bookingSearchQuery(search);
    const bookings = [];
    for await (const wf of this.temporal.workflow.list({ query })) {
      const attrs = wf.typedSearchAttributes.getAll();
      const get = (key: { name: string }) => attrs.find((p) => p.key.name === key.name)?.value;
      bookings.push({
        workflowId: wf.workflowId,
        runId: wf.runId,
        clientId: get(ClientIdAttr),
        leadId: get(LeadIdAttr),
        bookingStatus: get(BookingStatusAttr),
        provider: get(BookingProviderAttr) ?? null,
        needsAttention: get(NeedsAttentionAttr) ?? false,
        attentionReason: get(AttentionReasonAttr) ?? null,
        meetingStartTime: get(MeetingStartTimeAttr) ?? null,
        startedAt: wf.startTime,
      });
      if (bookings.length >= limit) break;
    }
    return { query, bookings };
  }

  /** An operator's fix: the Update's validator refuses what does not fit the state (a 409). */
  async fix<Arg>(
    workflowId: string,
    update: UpdateDefinition<LeadBookingSnapshot, [Arg]>,
    arg: Arg,
  ): Promise<LeadBookingSnapshot> {
    try {
      return await this.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new AppError('not_found', `no running booking workflow ${workflowId}`);
      throw err;
    }
  }

  async isRunning(clientId: string, leadId: string): Promise<boolean> {
    try {
      const d = await this.temporal.workflow.getHandle(leadBookingWorkflowId(clientId, leadId)).describe();
      return d.status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
}

/**
 * The workflow exists but its worker could not run its code to answer: a nondeterminism error (a deploy
 * changed what the code does with an old history) or a bug in workflow code. A 503 that names the
 * workflow, so the caller can retry later and an operator can find it (README runbook: "A workflow task
 * keeps failing").
 */
function workflowCannotAnswer(workflowId: string, err: unknown, failing?: string): AppError {
  const message = err instanceof Error ? err.message : String(err);
  const nondeterminism = /TMPRL1100|nondetermin/i.test(message);
  const cause = nondeterminism ? 'nondeterminism' : failing ? 'workflow_task_failing' : 'workflow_error';
  return new AppError(
    'unavailable',
    nondeterminism
      ? `booking workflow ${workflowId} cannot run: its code no longer replays its history (nondeterminism); an operator must fix or reset it`
      : failing
        ? `booking workflow ${workflowId} cannot run: ${failing}; an operator must fix or reset it (retry later)`
        : `booking workflow ${workflowId} could not answer: ${message.slice(0, 300)}`,
    { workflowId, cause },
  );
}

function isNotRunning(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  const msg = err instanceof Error ? err.message : '';
  return /workflow execution already completed|not found/i.test(msg);
}
