import {
  Client,
  Connection,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import type { AppConfig } from '../config';

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

// Calls that wait on the workflow by design: the server holds them until the Update completes (it does
// not answer early before a short client deadline; measured) or new history arrives.
const LONG_CALLS = new Set([
  'UpdateWorkflowExecution',
  'PollWorkflowExecutionUpdate',
  'ExecuteMultiOperation',
  'GetWorkflowExecutionHistory',
]);

/**
 * Gives every Temporal call without a deadline of its own one, retries included (the SDK retries
 * UNAVAILABLE ~10 times and, without a deadline, a call to a hung server waits for minutes): `timeoutMs`,
 * or `longCallTimeoutMs` for the calls that wait on the workflow. Placed before the SDK's retry
 * interceptor so all attempts share the one deadline.
 */
export function defaultDeadlineInterceptor(timeoutMs: number, longCallTimeoutMs: number): GrpcInterceptor {
  return (options, nextCall) => {
    if (options.deadline) return nextCall(options) as ReturnType<GrpcInterceptor>;
    const method = options.method_definition.path.split('/').pop() ?? '';
    const deadline = Date.now() + (LONG_CALLS.has(method) ? longCallTimeoutMs : timeoutMs);
    // grpc-js only calls the returned call's methods; the next call in the chain is such a call.
    return nextCall({ ...options, deadline }) as ReturnType<GrpcInterceptor>;
  };
}

/** One Temporal connection config for API, worker and scripts (local dev server, cluster or Temporal Cloud). */
export function temporalConnectionOptions(config: AppConfig, address: string) {
  return {
    address,
    tls: config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? {} : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  };
}

export async function connectTemporalClient(config: AppConfig, address: string): Promise<Client> {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config, address),
    interceptors: [
      defaultDeadlineInterceptor(config.TEMPORAL_RPC_TIMEOUT_MS, config.TEMPORAL_LONG_CALL_TIMEOUT_MS),
      makeGrpcRetryInterceptor(defaultGrpcRetryOptions()),
    ],
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
