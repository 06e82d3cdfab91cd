import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  cachedServerDir,
  cachedUiServerDir,
  resolveRealServerBinaries,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_SERVER_VERSION,
} from '../../src/temporal/realServerBinaries';
import {
  DYNAMIC_CONFIG,
  dynamicConfigYaml,
  freeServerPorts,
  standardPorts,
} from '../../src/temporal/realServerConfig';

// Where the real server's binaries come from: explicit paths → PATH → cache → go install. `go install`
// itself is never run here (minutes): a stand-in records the packages and puts binaries where go would.
let tmp: string;
let cacheDir: string;
let emptyPath: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'temporal-real-server-'));
  cacheDir = path.join(tmp, 'cache');
  emptyPath = path.join(tmp, 'empty-bin');
  mkdirSync(emptyPath);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function writeExecutable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

function goStandIn(ok = true) {
  const calls: { gobin: string; packages: string[] }[] = [];
  return {
    calls,
    goInstall: (gobin: string, packages: string[]) => {
      calls.push({ gobin, packages });
      if (!ok) return false;
      for (const p of packages)
        writeExecutable(path.join(gobin, p.replace(/@.*$/, '').split('/').at(-1) as string));
      return true;
    },
  };
}

describe('resolveRealServerBinaries', () => {
  it('builds what is missing with go install into the project cache, once', () => {
    const go = goStandIn();
    const found = resolveRealServerBinaries(
      { cacheDir, pathEnv: emptyPath, goInstall: go.goInstall },
      () => {},
    );
    expect(go.calls).toEqual([
      {
        gobin: cachedServerDir(cacheDir),
        packages: [
          `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
          `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
        ],
      },
      {
        gobin: cachedUiServerDir(cacheDir),
        packages: [`github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_SERVER_VERSION}`],
      },
    ]);
    expect(found.server).toBe(path.join(cachedServerDir(cacheDir), 'server'));
    expect(found.sqlTool).toBe(path.join(cachedServerDir(cacheDir), 'sql'));
    expect(found.uiServer).toBe(path.join(cachedUiServerDir(cacheDir), 'server'));
    // The release's PostgreSQL schema sits next to the binaries (from the server's Go module).
    for (const dir of ['temporal', 'visibility'])
      expect(existsSync(path.join(found.schemaDir, dir, 'versioned')), dir).toBe(true);

    const again = goStandIn();
    expect(resolveRealServerBinaries({ cacheDir, pathEnv: emptyPath, goInstall: again.goInstall })).toEqual(
      found,
    );
    expect(again.calls).toEqual([]);
  }, 60_000);

  it('prefers explicit paths, then PATH, over the cache', () => {
    resolveRealServerBinaries({ cacheDir, pathEnv: emptyPath, goInstall: goStandIn().goInstall }, () => {});
    const bin = path.join(tmp, 'bin');
    const onPath = {
      server: writeExecutable(path.join(bin, 'temporal-server')),
      sqlTool: writeExecutable(path.join(bin, 'temporal-sql-tool')),
      uiServer: writeExecutable(path.join(bin, 'temporal-ui-server')),
    };
    const go = goStandIn();
    expect(
      resolveRealServerBinaries({ cacheDir, pathEnv: `${emptyPath}:${bin}`, goInstall: go.goInstall }),
    ).toMatchObject(onPath);
    const explicit = writeExecutable(path.join(tmp, 'mine', 'temporal-server'));
    expect(
      resolveRealServerBinaries({ cacheDir, pathEnv: bin, serverPath: explicit, goInstall: go.goInstall })
        .server,
    ).toBe(explicit);
    expect(go.calls).toEqual([]);
  }, 60_000);

  it('names the variable to set when an explicit path or the build fails', () => {
    expect(() =>
      resolveRealServerBinaries({ cacheDir, pathEnv: emptyPath, serverPath: path.join(tmp, 'nothing-here') }),
    ).toThrow(/TEMPORAL_SERVER_PATH=.*nothing-here is not an executable file/);
    expect(() =>
      resolveRealServerBinaries(
        { cacheDir, pathEnv: emptyPath, goInstall: goStandIn(false).goInstall },
        () => {},
      ),
    ).toThrow(/go install failed.*TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH/);
  });
});

describe('real server config', () => {
  it("derives Temporal's own port layout from the frontend port", () => {
    expect(standardPorts(7233)).toEqual({
      frontend: 7233,
      frontendHttp: 7243,
      history: 7234,
      matching: 7235,
      worker: 7239,
      frontendMembership: 6933,
      historyMembership: 6934,
      matchingMembership: 6935,
      workerMembership: 6939,
    });
  });

  it('picks distinct free ports that fit the SMALLINT rpc_port column of cluster_membership', async () => {
    const ports = Object.values(await freeServerPorts());
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) expect(p).toBeLessThanOrEqual(32_767);
  });

  it('turns on what the service needs: Updates, Update-with-start, eager start', () => {
    const values = parse(dynamicConfigYaml()) as Record<string, { value: unknown }[]>;
    for (const key of [
      'frontend.enableUpdateWorkflowExecution',
      'frontend.enableUpdateWorkflowExecutionAsyncAccepted',
      'frontend.enableExecuteMultiOperation',
      'system.enableEagerWorkflowStart',
    ]) {
      expect(values[key], key).toEqual([{ value: true }]);
      expect(DYNAMIC_CONFIG[key]).toBe(true);
    }
  });
});
