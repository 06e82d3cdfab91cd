import path from 'node:path';
import { Writable } from 'node:stream';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { chooseLogFormat, createLogger } from '../../src/logger';
import { isBundlerReport, pinoTemporalLogger } from '../../src/observability/temporalRuntime';

/** Collects what a logger writes. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log format of npm start', () => {
  it('is readable lines on a terminal and JSON when piped, unless LOG_FORMAT says otherwise', () => {
    const format = (env: Record<string, string>, isTTY: boolean | undefined) =>
      chooseLogFormat(loadConfig(env).LOG_FORMAT, isTTY);
    expect(format({}, true)).toBe('pretty');
    expect(format({}, false)).toBe('json');
    // process.stdout.isTTY is undefined (not false) when output goes to a pipe or a file.
    expect(format({}, undefined)).toBe('json');
    expect(format({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(format({ LOG_FORMAT: 'auto' }, true)).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });

  it('pretty: one human line per entry, level and message in words, secrets still redacted', () => {
    const out = capture();
    const logger = createLogger({ format: 'pretty', destination: out.stream });
    logger.info({ port: 5433, token: 'tok-very-secret-123' }, 'embedded PostgreSQL started');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [line = ''] = lines;
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: embedded PostgreSQL started/);
    expect(line).toContain('5433');
    expect(line).not.toContain('tok-very-secret-123');
  });

  it('json: one JSON object per line, as log collectors expect', () => {
    const out = capture();
    const logger = createLogger({ format: 'json', destination: out.stream });
    logger.info({ port: 5433 }, 'embedded PostgreSQL started');
    const entry = JSON.parse(out.text().trim());
    expect(entry).toMatchObject({ level: 30, msg: 'embedded PostgreSQL started', port: 5433 });
  });

  it("keeps the workflow bundler's webpack report out of info, and in debug", async () => {
    const bundleWith = async (level: string) => {
      const out = capture();
      const logger = createLogger({ level, format: 'json', destination: out.stream });
      await bundleWorkflowCode({
        workflowsPath: path.resolve(__dirname, '../health/slowUpdateWorkflow.ts'),
        logger: pinoTemporalLogger(logger),
      });
      return out
        .text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { level: number; msg: string });
    };
    const info = await bundleWith('info');
    expect(info.map((e) => e.msg)).toContain('Workflow bundle created');
    expect(info.some((e) => e.msg.includes('compiled successfully'))).toBe(false);

    const debug = await bundleWith('debug');
    const report = debug.find((e) => e.msg.includes('compiled successfully'));
    expect(report?.level).toBe(20);
    expect(isBundlerReport({ level: 'INFO', message: report?.msg ?? '' })).toBe(true);
    expect(isBundlerReport({ level: 'ERROR', message: report?.msg ?? '' })).toBe(false);
  }, 120_000);
});
