import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { CONFIG_KEYS } from '../../../src/config';

/**
 * `npm start` as a user runs it in a terminal: its own process group (the terminal's foreground job,
 * which Ctrl-C signals as a whole), on free ports and a data directory of the test's choosing.
 */
export const ROOT = path.resolve(__dirname, '../../..');

/** Every port setting `npm start` binds (PORT and each *_PORT of the config, the SDK metrics port aside). */
export type ServicePorts = Record<string, string> & { PORT: string };
const PORT_KEYS = [
  'PORT',
  ...CONFIG_KEYS.filter((k) => k.endsWith('_PORT') && k !== 'TEMPORAL_METRICS_PORT'),
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function freeServicePorts(): Promise<ServicePorts> {
  const ports = new Set<number>();
  while (ports.size < PORT_KEYS.length) ports.add(await freePort());
  const list = [...ports];
  return Object.fromEntries(PORT_KEYS.map((n, i) => [n, String(list[i])])) as ServicePorts;
}

/** Everything embedded: no connection setting inherited from the test process (unset, as on a fresh clone). */
export function embeddedEnv(ports: ServicePorts, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...ports,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    LOG_FORMAT: 'json',
    TEMPORAL_ENGINE: 'dev',
    TEMPORAL_METRICS_PORT: '0',
  };
  for (const key of [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_UI_URL',
    'DATABASE_URL',
    'GHL_API_BASE_URL',
    'CALENDLY_API_BASE_URL',
    'PUBLIC_BASE_URL',
    'API_TOKEN',
    'ADMIN_API_TOKEN',
    'SECRETS_ENCRYPTION_KEY',
  ])
    delete env[key];
  return env;
}

export interface StartedService {
  child: ChildProcess;
  /** The process group: `npm`, the shell, tsx, node and every child they started. */
  pgid: number;
  output: () => string;
  demoClientId: string;
}

/** `npm start` by default; `direct` runs node on embedded.ts itself, without npm and tsx's launcher. */
export async function startService(
  env: NodeJS.ProcessEnv,
  how: 'npm start' | 'direct' = 'npm start',
  timeoutMs = 240_000,
): Promise<StartedService> {
  const [command, args] =
    how === 'npm start'
      ? ['npm', ['start']]
      : [process.execPath, ['--import', 'tsx', 'src/main/embedded.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const pgid = child.pid as number;
  const deadline = Date.now() + timeoutMs;
  while (!/booking-orchestrator is up[\s\S]*Demo\s+clientId=(\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      killGroup(pgid, 'SIGKILL');
      throw new Error(`npm start did not come up (exit ${child.exitCode}):\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const demoClientId = /Demo\s+clientId=(\S+)/.exec(out)?.[1] as string;
  return { child, pgid, output: () => out, demoClientId };
}

export interface GroupProcess {
  pid: number;
  args: string;
}

/** The live processes of a process group (zombies count as gone: they hold no ports nor files). */
export function groupProcesses(pgid: number): GroupProcess[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps.split('\n').flatMap((line) => {
    const [, pid, group, stat, args] = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!pid || Number(group) !== pgid || stat?.startsWith('Z')) return [];
    return [{ pid: Number(pid), args: args ?? '' }];
  });
}

/** The Node process that runs src/main/embedded.ts (not npm, the shell, nor tsx's own launcher). */
export function serviceNodePid(pgid: number): number {
  const node = groupProcesses(pgid).find(
    (p) => p.args.includes('src/main/embedded.ts') && p.args.includes('--import'),
  );
  if (!node) throw new Error(`no embedded.ts node process in group ${pgid}`);
  return node.pid;
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Milliseconds until every process of the group is gone, or undefined after `timeoutMs`. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (groupProcesses(pgid).length === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
