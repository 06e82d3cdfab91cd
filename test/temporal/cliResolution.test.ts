import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { officialDownloadUrl, resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../../src/temporal/cli';
import { freePort } from '../support/ports';

// Where the Temporal CLI comes from: env var → PATH → cache → official download → go install.
// Real local HTTP servers stand in for temporal.download; `go install` itself is never run here (it
// takes minutes): a stand-in records that the resolution reached it.
const FAKE_CLI = '#!/bin/sh\necho "temporal version 1.5.1 (fake)"\n';

let tmp: string;
let cacheDir: string;
let emptyPath: string;
let logs: string[];
const log = (m: string) => logs.push(m);
const servers: http.Server[] = [];

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'temporal-cli-'));
  cacheDir = path.join(tmp, 'cache');
  emptyPath = path.join(tmp, 'empty-bin');
  mkdirSync(emptyPath);
  logs = [];
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  rmSync(tmp, { recursive: true, force: true });
});

function writeExecutable(file: string, text = FAKE_CLI) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

/** A stand-in for `go install`: records the call and puts a CLI where go would (GOBIN = dir). */
function goStandIn() {
  const calls: string[] = [];
  return {
    calls,
    goInstall: (dir: string) => {
      calls.push(dir);
      writeExecutable(path.join(dir, 'temporal'), '#!/bin/sh\necho built-by-go\n');
      return true;
    },
  };
}

async function serve(handler: http.RequestListener): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const srv = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=linux&arch=amd64`,
    hits: () => hits,
  };
}

/** A release-shaped archive: a .tar.gz with a `temporal` executable (and a licence) at its root. */
function releaseArchive(): Buffer {
  const src = path.join(tmp, 'archive-src');
  writeExecutable(path.join(src, 'temporal'));
  writeFileSync(path.join(src, 'LICENSE'), 'MIT');
  const out = path.join(tmp, 'release.tar.gz');
  const r = spawnSync('tar', ['-czf', out, '-C', src, 'temporal', 'LICENSE']);
  expect(r.status).toBe(0);
  return readFileSync(out);
}

describe('resolving the Temporal CLI', () => {
  it('points at the official release archive of the pinned version', () => {
    expect(officialDownloadUrl('linux', 'x64')).toBe(
      `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=linux&arch=amd64`,
    );
    expect(officialDownloadUrl('darwin', 'arm64')).toContain('platform=darwin&arch=arm64');
  });

  it('takes the explicit path, then PATH, then the cache, without downloading or building', async () => {
    const dl = await serve((_req, res) => res.writeHead(500).end());
    const go = goStandIn();
    const explicit = writeExecutable(path.join(tmp, 'explicit', 'temporal'));
    const onPath = writeExecutable(path.join(tmp, 'bin', 'temporal'));
    const cached = writeExecutable(path.join(cacheDir, 'temporal'));
    const opts = { cacheDir, downloadUrl: dl.url, goInstall: go.goInstall };
    expect(await resolveTemporalCli(explicit, log, { ...opts, pathEnv: path.dirname(onPath) })).toBe(
      explicit,
    );
    expect(
      await resolveTemporalCli(undefined, log, { ...opts, pathEnv: `${emptyPath}:${path.dirname(onPath)}` }),
    ).toBe(onPath);
    expect(await resolveTemporalCli(undefined, log, { ...opts, pathEnv: emptyPath })).toBe(cached);
    expect(dl.hits()).toBe(0);
    expect(go.calls).toEqual([]);
    await expect(resolveTemporalCli(path.join(tmp, 'nope'), log, opts)).rejects.toThrow(/not an executable/);
  });

  it('downloads the release archive into the cache and uses it (no go needed)', async () => {
    const archive = releaseArchive();
    const dl = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(archive),
    );
    const go = goStandIn();
    const opts = { cacheDir, pathEnv: emptyPath, downloadUrl: dl.url, goInstall: go.goInstall };
    const resolved = await resolveTemporalCli(undefined, log, opts);
    expect(resolved).toBe(path.join(cacheDir, 'temporal'));
    expect(readFileSync(resolved, 'utf8')).toBe(FAKE_CLI);
    expect(spawnSync(resolved, ['--version'], { encoding: 'utf8' }).stdout).toContain('temporal version');
    expect(go.calls).toEqual([]);
    expect(dl.hits()).toBe(1);
    // Nothing but the CLI is left in the cache (no temp dirs, no archive).
    expect(readdir(cacheDir)).toEqual(['temporal']);
    // The next resolution finds the cached copy: no second download.
    expect(await resolveTemporalCli(undefined, log, opts)).toBe(resolved);
    expect(dl.hits()).toBe(1);
  });

  it('falls back to go install when the download server answers 500', async () => {
    const dl = await serve((_req, res) => res.writeHead(500).end('oops'));
    const go = goStandIn();
    const resolved = await resolveTemporalCli(undefined, log, {
      cacheDir,
      pathEnv: emptyPath,
      downloadUrl: dl.url,
      goInstall: go.goInstall,
    });
    expect(go.calls).toEqual([cacheDir]);
    expect(resolved).toBe(path.join(cacheDir, 'temporal'));
    expect(readFileSync(resolved, 'utf8')).toContain('built-by-go');
    expect(logs.join('\n')).toMatch(/download failed \(HTTP 500\)/);
  });

  it('falls back to go install when the answer is not an archive, caching nothing from it', async () => {
    const dl = await serve((_req, res) => res.writeHead(200).end('<html>captive portal</html>'));
    const go = goStandIn();
    await resolveTemporalCli(undefined, log, {
      cacheDir,
      pathEnv: emptyPath,
      downloadUrl: dl.url,
      goInstall: go.goInstall,
    });
    expect(go.calls).toEqual([cacheDir]);
    expect(logs.join('\n')).toMatch(/not a \.tar\.gz/);
    expect(readdir(cacheDir)).toEqual(['temporal']);
  });

  it('fails fast offline: a closed port and a server that never answers both fall back within seconds', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/cli/archive/v${TEMPORAL_CLI_VERSION}`;
    const go1 = goStandIn();
    let started = performance.now();
    await resolveTemporalCli(undefined, log, {
      cacheDir,
      pathEnv: emptyPath,
      downloadUrl: closed,
      goInstall: go1.goInstall,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(go1.calls).toEqual([cacheDir]);
    expect(logs.join('\n')).toMatch(/ECONNREFUSED/);

    rmSync(cacheDir, { recursive: true, force: true });
    const silent = await serve(() => {}); // accepts, never answers
    const go2 = goStandIn();
    started = performance.now();
    await resolveTemporalCli(undefined, log, {
      cacheDir,
      pathEnv: emptyPath,
      downloadUrl: silent.url,
      downloadConnectTimeoutMs: 500,
      goInstall: go2.goInstall,
    });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3_000);
    expect(go2.calls).toEqual([cacheDir]);
    expect(logs.join('\n')).toMatch(/no answer within 500 ms/);
  });

  it('says what to do when neither the download nor go works', async () => {
    const dl = await serve((_req, res) => res.writeHead(503).end());
    await expect(
      resolveTemporalCli(undefined, log, {
        cacheDir,
        pathEnv: emptyPath,
        downloadUrl: dl.url,
        goInstall: () => false,
      }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH/);
    expect(existsSync(path.join(cacheDir, 'temporal'))).toBe(false);
  });
});

const readdir = (dir: string) => readdirSync(dir).sort();
