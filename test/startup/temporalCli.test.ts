import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/**
 * `npm run temporal -- <args>` runs the CLI the service resolved, against the configured cluster (the
 * test suite's Temporal server here), so the README runbook's commands work without `temporal` on PATH.
 */
const ROOT = path.resolve(__dirname, '../..');

function temporal(args: string[], env: Record<string, string>) {
  const r = spawnSync('npm', ['run', '-s', 'temporal', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run temporal', () => {
  const address = inject('temporalAddress');
  // Nothing listens on port 1: a command that reached a server was not sent there.
  const nowhere = '127.0.0.1:1';

  it('runs the resolved CLI', () => {
    const r = temporal(['--version'], {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^temporal version \d+\.\d+\.\d+/);
  });

  it('talks to the configured address and namespace', () => {
    const listed = temporal(['workflow', 'list', '--limit', '1', '-o', 'json'], {
      TEMPORAL_ADDRESS: address,
    });
    expect(listed.status, listed.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(listed.stdout || '[]'))).toBe(true);

    const elsewhere = temporal(['workflow', 'list', '--limit', '1'], { TEMPORAL_ADDRESS: nowhere });
    expect(elsewhere.status).not.toBe(0);
    expect(elsewhere.stderr).toContain(nowhere);

    const otherNamespace = temporal(['workflow', 'list', '--limit', '1'], {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: 'no-such-namespace-here',
    });
    expect(otherNamespace.status).not.toBe(0);
    expect(otherNamespace.stderr).toContain('no-such-namespace-here');
  });

  it('without TEMPORAL_ADDRESS, uses the embedded server on TEMPORAL_PORT', () => {
    const port = address.split(':').at(-1) ?? '';
    const r = temporal(['workflow', 'list', '--limit', '1', '-o', 'json'], { TEMPORAL_PORT: port });
    expect(r.status, r.stderr).toBe(0);
  });

  it('lets --address and --namespace typed by the user win over the config', () => {
    const r = temporal(['workflow', 'list', '--limit', '1', '-o', 'json', '--address', address], {
      TEMPORAL_ADDRESS: nowhere,
    });
    expect(r.status, r.stderr).toBe(0);
    const ns = temporal(['workflow', 'list', '--limit', '1', '-o', 'json', '--namespace', 'default'], {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: 'no-such-namespace-here',
    });
    expect(ns.status, ns.stderr).toBe(0);
  });
});
