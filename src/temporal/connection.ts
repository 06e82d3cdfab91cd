import {
  Client,
  Connection,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import type { AppConfig } from '../config';

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * Gives every Temporal call without a deadline of its own one of `timeoutMs`, retries included
 * (the SDK retries UNAVAILABLE ~10 times and, without a deadline, a call to an unreachable server waits
 * for minutes). Placed before the SDK's retry interceptor so all attempts share the one deadline. Long
 * polls (update results, history) are safe: the server answers them empty before the caller's deadline.
 */
export function defaultDeadlineInterceptor(timeoutMs: number): GrpcInterceptor {
  // grpc-js only calls the returned call's methods; the next call in the chain is such a call.
  return (options, nextCall) =>
    nextCall(
      options.deadline ? options : { ...options, deadline: Date.now() + timeoutMs },
    ) as ReturnType<GrpcInterceptor>;
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
      defaultDeadlineInterceptor(config.TEMPORAL_RPC_TIMEOUT_MS),
      makeGrpcRetryInterceptor(defaultGrpcRetryOptions()),
    ],
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
