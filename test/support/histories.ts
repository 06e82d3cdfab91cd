import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/**
 * With RECORD_HISTORIES=1 (`npm run histories:record`), saves a workflow's history for the replay test.
 * Commit the files after a deliberate, compatible workflow change; otherwise they guard determinism.
 */
export async function recordHistory(temporal: Client, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Binary protobuf: exact, compact, and what the SDK's replayer decodes without conversion.
  writeFileSync(
    path.join(HISTORIES_DIR, `${name}.history.bin`),
    proto.api.history.v1.History.encode(history).finish(),
  );
  // Replay must use the original workflow id (child workflow ids derive from it).
  const index = readHistoryIndex();
  index[name] = workflowId;
  writeFileSync(INDEX_FILE, `${JSON.stringify(index, null, 2)}\n`);
}

const INDEX_FILE = path.join(HISTORIES_DIR, 'index.json');

export function readHistoryIndex(): Record<string, string> {
  return existsSync(INDEX_FILE) ? JSON.parse(readFileSync(INDEX_FILE, 'utf8')) : {};
}
