import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS, configSchema, loadConfig, requireConfig } from '../../src/config';
import { API_REQUIRED_KEYS } from '../../src/main/api';
import { WORKER_REQUIRED_KEYS } from '../../src/main/worker';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_SERVER_VERSION } from '../../src/temporal/realServerBinaries';
import { DYNAMIC_CONFIG } from '../../src/temporal/realServerConfig';
import { loadComposeSpecValidator } from './composeSpecSchema';

/**
 * docker-compose.yml cannot be started on our machines (no Docker engine), so it is checked here:
 * services, pinned images, ports and every environment variable against src/config.ts.
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, unknown> | string[];
  ports?: (string | { target: number; published?: string | number })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
  entrypoint?: string[] | string;
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
}

const loadCompose = (): Compose => parse(read('docker-compose.yml'), { merge: true }) as Compose;

const REQUIRED_SERVICES = [
  'postgres',
  'temporal-schema',
  'temporal',
  'temporal-ui',
  'temporal-setup',
  'migrate',
  'api',
  'worker',
];
/** Services that run our image: their environment is read by loadConfig. */
const APP_SERVICES = ['api', 'worker', 'migrate', 'temporal-setup'];
const CONFIG_KEY_SET = new Set<string>(CONFIG_KEYS);
const DEFAULT_PORT = configSchema.shape.PORT.parse(undefined);
const DEFAULT_UI_PORT = configSchema.shape.TEMPORAL_UI_PORT.parse(undefined);

/** Host variables docker compose would require; enough to resolve `${X:?...}`. */
const HOST_ENV: Record<string, string> = {
  API_TOKEN: 'api-token-0123456789abcdef',
  ADMIN_API_TOKEN: 'admin-token-0123456789abcdef',
  SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/** Compose variable interpolation: `$$`, `${X}`, `${X:-d}`, `${X-d}`, `${X:?e}`, `${X?e}`, `${X:+v}`. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g,
    (whole, name, op, arg) => {
      if (whole === '$$') return '$';
      const v = env[name as string];
      const unset = op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
      switch (op) {
        case ':-':
        case '-':
          return unset ? (arg as string) : (v as string);
        case ':?':
        case '?':
          if (unset) throw new Error(`required variable ${name} is missing: ${arg}`);
          return v as string;
        case ':+':
        case '+':
          return unset ? '' : (arg as string);
        default:
          return v ?? '';
      }
    },
  );
}

function envOf(service: Service | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
      })
    : Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]);
  return Object.fromEntries(entries);
}

/** [published, target] pairs with host defaults resolved. */
function portsOf(service: Service | undefined): [number, number][] {
  return (service?.ports ?? []).map((p) => {
    if (typeof p === 'object') return [Number(interpolate(String(p.published ?? p.target), {})), p.target];
    const parts = interpolate(p, {}).split(':');
    const target = Number(parts.at(-1)?.split('/')[0]);
    return [parts.length > 1 ? Number(parts.at(-2)) : target, target];
  });
}

/** image "name:tag" pinned to a version (a digit in the tag, never latest), or pinned by digest. */
function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.split('/').at(-1) ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').at(-1) : undefined;
  return !!tag && tag !== 'latest' && !/\blatest\b/.test(tag) && /\d/.test(tag) && !image.includes('${');
}

function dependsOn(service: Service | undefined): Record<string, string | undefined> {
  const d = service?.depends_on ?? {};
  return Array.isArray(d)
    ? Object.fromEntries(d.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition ?? 'service_started']));
}

/** Everything wrong with a compose document; empty when it is right. */
function composeProblems(doc: Compose): string[] {
  const problems: string[] = [];
  const services = doc.services ?? {};
  for (const name of REQUIRED_SERVICES) if (!services[name]) problems.push(`service ${name} is missing`);

  for (const [name, s] of Object.entries(services)) {
    if (s.build) {
      const context = typeof s.build === 'string' ? s.build : (s.build.context ?? '.');
      if (context !== '.') problems.push(`${name}: builds from ${context}, not the project's Dockerfile`);
    } else if (!s.image) problems.push(`${name}: has neither image nor build`);
    else if (!isPinnedImage(s.image)) problems.push(`${name}: image ${s.image} is not pinned to a version`);
  }
  for (const name of APP_SERVICES) {
    const s = services[name];
    if (s && !s.build) problems.push(`${name}: must be built from the Dockerfile`);
    for (const key of Object.keys(envOf(s))) {
      if (!CONFIG_KEY_SET.has(key))
        problems.push(`${name}: environment ${key} is not a key of src/config.ts`);
    }
  }

  const required: [string, readonly string[]][] = [
    ['api', API_REQUIRED_KEYS],
    ['worker', WORKER_REQUIRED_KEYS],
    ['migrate', ['DATABASE_URL']],
    ['temporal-setup', ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']],
  ];
  for (const [name, keys] of required) {
    const env = envOf(services[name]);
    for (const key of keys) if (!env[key]) problems.push(`${name}: required ${key} is not set`);
  }
  // The resolved environments are what the processes actually parse: they must be accepted.
  for (const [name, keys] of required) {
    if (!services[name]) continue;
    try {
      const resolved = Object.fromEntries(
        Object.entries(envOf(services[name])).map(([k, v]) => [k, interpolate(v, HOST_ENV)]),
      );
      requireConfig(loadConfig(resolved), keys as never, name);
    } catch (err) {
      problems.push(`${name}: environment rejected: ${(err as Error).message}`);
    }
  }

  const api = services.api;
  if (api) {
    const port = Number(envOf(api).PORT || DEFAULT_PORT);
    if (!portsOf(api).some(([published, target]) => published === DEFAULT_PORT && target === port)) {
      problems.push(`api: does not publish ${DEFAULT_PORT} (PORT default) to its PORT ${port}`);
    }
    if (interpolate(envOf(api).HOST ?? '', {}) !== '0.0.0.0')
      problems.push('api: HOST must be 0.0.0.0 in a container');
    if (!api.healthcheck?.test) problems.push('api: has no healthcheck');
  }
  const ui = services['temporal-ui'];
  if (ui && !portsOf(ui).some(([published, target]) => target === 8080 && published === DEFAULT_UI_PORT)) {
    problems.push(`temporal-ui: does not publish ${DEFAULT_UI_PORT} (TEMPORAL_UI_PORT default) to 8080`);
  }
  if (services.postgres && !services.postgres.healthcheck?.test)
    problems.push('postgres: has no healthcheck');

  const expectDependency = (name: string, on: string, condition: string) => {
    if (!services[name]) return;
    const got = dependsOn(services[name])[on];
    if (got !== condition)
      problems.push(`${name}: must depend on ${on} (${condition}), has ${got ?? 'nothing'}`);
  };
  for (const name of ['api', 'worker']) {
    expectDependency(name, 'postgres', 'service_healthy');
    expectDependency(name, 'migrate', 'service_completed_successfully');
    expectDependency(name, 'temporal-setup', 'service_completed_successfully');
  }
  expectDependency('migrate', 'postgres', 'service_healthy');
  expectDependency('temporal', 'postgres', 'service_healthy');
  problems.push(...temporalClusterProblems(services));
  return problems;
}

/** Files the Temporal server mounts: its dynamic config. */
const DYNAMIC_CONFIG_MOUNT = '/etc/temporal/config/dynamicconfig/';
/** Switches the service cannot run without (Updates, Update-with-start, eager start). */
const REQUIRED_DYNAMIC_CONFIG = [
  'frontend.enableUpdateWorkflowExecution',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted',
  'frontend.enableExecuteMultiOperation',
  'system.enableEagerWorkflowStart',
];

/**
 * The Temporal cluster is built from the pieces production uses (issue 15), the versions the embedded
 * real server runs: a schema job with the SQL tool creating both databases, the server image, the
 * namespace/search-attribute job, the UI, started in that order.
 */
function temporalClusterProblems(services: Record<string, Service>): string[] {
  const problems: string[] = [];
  for (const [name, s] of Object.entries(services))
    if (s.image?.includes('auto-setup')) problems.push(`${name}: uses ${s.image}, not meant for production`);
  const imageTag = (name: string, repo: string) => {
    const image = services[name]?.image ?? '';
    if (!image.startsWith(`${repo}:`)) {
      problems.push(`${name}: image must be ${repo}, is ${image || 'none'}`);
      return '';
    }
    return image.slice(repo.length + 1);
  };
  if (services.temporal && imageTag('temporal', 'temporalio/server') !== TEMPORAL_SERVER_VERSION)
    problems.push(`temporal: must run temporalio/server:${TEMPORAL_SERVER_VERSION} like the embedded server`);
  if (services['temporal-schema']) {
    const tag = imageTag('temporal-schema', 'temporalio/admin-tools');
    if (tag && !tag.startsWith(`${TEMPORAL_SERVER_VERSION}-`) && tag !== TEMPORAL_SERVER_VERSION)
      problems.push(
        `temporal-schema: admin-tools ${tag} is not the server's version ${TEMPORAL_SERVER_VERSION}`,
      );
    const script = [services['temporal-schema'].entrypoint, services['temporal-schema'].command]
      .flat()
      .join('\n');
    // Both databases created, set up and brought to the release's schema, in that order.
    for (const [db, dir] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ]) {
      const steps = [
        `--db ${db} create-database`,
        `--db ${db} setup-schema -v 0.0`,
        `--db ${db} update-schema -d /etc/temporal/schema/postgresql/v12/${dir}/versioned`,
      ];
      const at = steps.map((step) => script.indexOf(step));
      if (at.some((i, k) => i < 0 || (k > 0 && i < (at[k - 1] as number))))
        problems.push(`temporal-schema: does not run ${steps.join(', ')} in order`);
    }
    const env = envOf(services['temporal-schema']);
    if (env.SQL_PLUGIN !== 'postgres12' || env.SQL_HOST !== 'postgres')
      problems.push('temporal-schema: must target the postgres service with the postgres12 plugin');
    if (!/^\$\{POSTGRES_PASSWORD[:-]/.test(env.SQL_PASSWORD ?? ''))
      problems.push('temporal-schema: SQL_PASSWORD must come from POSTGRES_PASSWORD');
  }
  if (services['temporal-ui']) {
    const tag = imageTag('temporal-ui', 'temporalio/ui');
    const minor = TEMPORAL_UI_SERVER_VERSION.split('.').slice(0, 2).join('.');
    if (tag && !tag.startsWith(`${minor}.`))
      problems.push(`temporal-ui: ui ${tag} is not the embedded UI server's ${minor}.x`);
  }
  const temporal = services.temporal;
  if (temporal) {
    const env = envOf(temporal);
    if (env.DB !== 'postgres12' || env.POSTGRES_SEEDS !== 'postgres')
      problems.push(
        'temporal: must persist to the postgres service (DB=postgres12, POSTGRES_SEEDS=postgres)',
      );
    const file = env.DYNAMIC_CONFIG_FILE_PATH ?? '';
    const mount = (temporal.volumes ?? []).find((v) => v.split(':')[1] === `/etc/temporal/${file}`);
    if (!file.startsWith('config/dynamicconfig/') || !mount) {
      problems.push(
        `temporal: DYNAMIC_CONFIG_FILE_PATH must name a file mounted under ${DYNAMIC_CONFIG_MOUNT}`,
      );
    } else {
      const values = parse(read(mount.split(':')[0] as string)) as Record<string, { value: unknown }[]>;
      for (const key of REQUIRED_DYNAMIC_CONFIG)
        if (values?.[key]?.[0]?.value !== DYNAMIC_CONFIG[key])
          problems.push(
            `temporal: dynamic config ${key} is not ${DYNAMIC_CONFIG[key]} as in the embedded server`,
          );
    }
  }
  const expect = (name: string, on: string, condition: string) => {
    if (!services[name]) return;
    const got = dependsOn(services[name])[on];
    if (got !== condition)
      problems.push(`${name}: must depend on ${on} (${condition}), has ${got ?? 'nothing'}`);
  };
  expect('temporal-schema', 'postgres', 'service_healthy');
  expect('temporal', 'temporal-schema', 'service_completed_successfully');
  expect('temporal-setup', 'temporal', 'service_started');
  expect('temporal-ui', 'temporal-setup', 'service_completed_successfully');
  for (const job of ['temporal-schema', 'temporal-setup', 'migrate']) {
    const restart = (services[job] as { restart?: string } | undefined)?.restart;
    if (services[job] && restart !== 'no')
      problems.push(`${job}: a one-shot job must not restart (restart: "no")`);
  }
  return problems;
}

describe('docker-compose.yml', () => {
  it('has the full topology, pinned images, the documented ports and only config.ts variables', () => {
    expect(composeProblems(loadCompose())).toEqual([]);
  });

  it('runs the api and worker entry points and npm scripts that exist', () => {
    const { services } = loadCompose();
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    for (const [name, s] of Object.entries(services)) {
      const command = Array.isArray(s.command) ? s.command : (s.command?.split(/\s+/) ?? []);
      if (command[0] === 'npm' && command[1] === 'run') {
        expect(scripts, `${name} runs npm script ${command[2]}`).toHaveProperty([command[2] as string]);
      }
      // The image runs the compiled build: dist/<path>.js is compiled from <path>.ts, .mjs copied as is.
      for (const file of command.filter((c) => /^dist\/.*\.m?js$/.test(c))) {
        const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        expect(() => read(source), `${name} runs ${file}, built from ${source}`).not.toThrow();
      }
      expect(command.join(' '), `${name} runs TypeScript through tsx`).not.toMatch(/tsx|\.ts\b/);
    }
    expect(services.api?.command).toEqual(['node', 'dist/src/main/api.js']);
    expect(services.worker?.command).toEqual(['node', 'dist/src/main/worker.js']);
    expect(services.migrate?.command?.at(-1)).toBe('dist/src/db/migrate.mjs');
    expect(services.migrate?.command).toContain('--experimental-wasm-modules');
    expect(services['temporal-setup']?.command).toEqual(['node', 'dist/src/main/setupTemporal.js']);
  });

  it('takes secrets from the host environment, never from the file', () => {
    const { services } = loadCompose();
    for (const name of ['api', 'worker']) {
      const env = envOf(services[name]);
      for (const key of ['API_TOKEN', 'ADMIN_API_TOKEN', 'SECRETS_ENCRYPTION_KEY'] as const) {
        if (env[key] === undefined) continue;
        expect(env[key], `${name} ${key}`).toMatch(new RegExp(`^\\$\\{${key}:\\?[^}]*\\}$`));
      }
    }
    expect(() => interpolate(envOf(services.api).API_TOKEN ?? '', {})).toThrow(/API_TOKEN/);
  });

  it('reports a removed service, a removed or unknown variable and an unpinned image', () => {
    const envRecord = (d: Compose, name: string) => {
      const service = d.services[name];
      if (!service) throw new Error(`no service ${name}`);
      return service.environment as Record<string, unknown>;
    };
    const mutate = (change: (doc: Compose) => void) => {
      const doc = loadCompose();
      change(doc);
      return composeProblems(doc);
    };
    for (const name of REQUIRED_SERVICES) {
      expect(
        mutate((d) => {
          delete d.services[name];
        }),
      ).toContain(`service ${name} is missing`);
    }
    for (const [name, keys] of [
      ['api', API_REQUIRED_KEYS],
      ['worker', WORKER_REQUIRED_KEYS],
    ] as const) {
      for (const key of keys) {
        const problems = mutate((d) => {
          delete envRecord(d, name)[key];
        });
        expect(problems).toContain(`${name}: required ${key} is not set`);
      }
    }
    expect(
      mutate((d) => {
        envRecord(d, 'worker').TEMPORAL_HOSTPORT = 'temporal:7233';
      }),
    ).toContain('worker: environment TEMPORAL_HOSTPORT is not a key of src/config.ts');
    expect(
      mutate((d) => {
        (d.services.postgres as Service).image = 'postgres:latest';
      }),
    ).toContain('postgres: image postgres:latest is not pinned to a version');
    expect(
      mutate((d) => {
        (d.services['temporal-ui'] as Service).ports = ['8233:8088'];
      }),
    ).toHaveLength(1);
    expect(
      mutate((d) => {
        (d.services.api as Service).ports = [];
      }),
    ).toHaveLength(1);
    expect(
      mutate((d) => {
        envRecord(d, 'api').PORT = 'three thousand';
      }).some((p) => p.startsWith('api: environment rejected')),
    ).toBe(true);
  });

  it('reports a cluster that is not built from the production pieces, in order', () => {
    const mutate = (change: (doc: Compose) => void) => {
      const doc = loadCompose();
      change(doc);
      return composeProblems(doc);
    };
    const service = (d: Compose, name: string) => d.services[name] as Service;
    expect(
      mutate((d) => {
        service(d, 'temporal').image = 'temporalio/auto-setup:1.29.1';
      }),
    ).toContain('temporal: uses temporalio/auto-setup:1.29.1, not meant for production');
    expect(
      mutate((d) => {
        service(d, 'temporal').image = 'temporalio/server:1.28.0';
      }),
    ).toContain(`temporal: must run temporalio/server:${TEMPORAL_SERVER_VERSION} like the embedded server`);
    expect(
      mutate((d) => {
        service(d, 'temporal').depends_on = { postgres: { condition: 'service_healthy' } };
      }),
    ).toContain('temporal: must depend on temporal-schema (service_completed_successfully), has nothing');
    expect(
      mutate((d) => {
        service(d, 'temporal-ui').depends_on = ['temporal'];
      }),
    ).toContain('temporal-ui: must depend on temporal-setup (service_completed_successfully), has nothing');
    expect(
      mutate((d) => {
        const s = service(d, 'temporal-schema');
        s.command = [
          String(s.command).replace(/temporal-sql-tool --db temporal_visibility update-schema.*/, ''),
        ];
      }),
    ).toContain(
      'temporal-schema: does not run --db temporal_visibility create-database, --db temporal_visibility setup-schema -v 0.0, --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned in order',
    );
    expect(
      mutate((d) => {
        service(d, 'temporal').volumes = [];
      }),
    ).toContain(`temporal: DYNAMIC_CONFIG_FILE_PATH must name a file mounted under ${DYNAMIC_CONFIG_MOUNT}`);
  });

  it('image pinning and interpolation helpers behave like docker compose', () => {
    expect(isPinnedImage('postgres:16.10')).toBe(true);
    expect(isPinnedImage('temporalio/ui:2.42.1')).toBe(true);
    expect(isPinnedImage('postgres')).toBe(false);
    expect(isPinnedImage('postgres:latest')).toBe(false);
    expect(isPinnedImage('postgres:alpine')).toBe(false);
    expect(isPinnedImage('localhost:5000/app')).toBe(false);
    // Cases spell compose's `${` as `%{` so they do not read as (mistyped) JS template strings.
    const cases: [string, Record<string, string>, string][] = [
      ['%{PORT:-3000}:3000', {}, '3000:3000'],
      ['%{PORT:-3000}:3000', { PORT: '8080' }, '8080:3000'],
      ['%{X-a}|%{X:-b}|$%{X}', { X: '' }, '|b|%{X}'],
      ['%{X:+set}%{Y+set}', { X: 'x' }, 'set'],
    ];
    const dollar = (text: string) => text.replaceAll('%{', '$' + '{');
    for (const [input, env, output] of cases)
      expect(interpolate(dollar(input), env), input).toBe(dollar(output));
    expect(() => interpolate(dollar('%{T:?set T}'), {})).toThrow(/set T/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const froms = [...dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)].map(
    (m) => ({
      image: m[1] as string,
      stage: m[2]?.toLowerCase(),
    }),
  );

  it('builds from pinned base images', () => {
    expect(froms.length).toBeGreaterThan(1); // multi-stage
    const stages = new Set<string>();
    for (const { image, stage } of froms) {
      if (!stages.has(image.toLowerCase())) expect(isPinnedImage(image), `FROM ${image}`).toBe(true);
      if (stage) stages.add(stage);
    }
  });

  it('installs with npm ci, generates the Prisma client, builds, runs the compiled API as a non-root user', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run db:generate\b/m);
    expect(dockerfile).toMatch(/^RUN npm run (--ignore-scripts )?build\b/m);
    // The runtime stage takes dist/ from the build stage, not the TypeScript sources.
    expect(dockerfile).toMatch(/^COPY --from=\S+ \/app\/dist \.\/dist$/m);
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    const cmd = [...dockerfile.matchAll(/^CMD\s+(.+)$/gm)].at(-1)?.[1] ?? '';
    expect(JSON.parse(cmd)).toEqual(['node', 'dist/src/main/api.js']);
  });

  it('keeps secrets, dependencies and local data out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '.env', '.data', 'src/generated', '.git'])
      expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml against the Compose Specification schema', () => {
  const validate = loadComposeSpecValidator();
  const describeErrors = (errors: ErrorObject[]) =>
    errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

  it('is a valid Compose file', () => {
    // YAML merge keys (`<<: *anchor`) are part of what docker compose reads, so they are resolved first.
    expect(describeErrors(validate(parse(read('docker-compose.yml'), { merge: true })))).toEqual([]);
  });

  it('rejects what docker compose would reject: a misspelled key, a wrong type, an unknown top-level key', () => {
    const doc = () =>
      parse(read('docker-compose.yml'), { merge: true }) as {
        services: Record<string, Record<string, unknown>>;
        [key: string]: unknown;
      };
    const [first = 'no service'] = Object.keys(doc().services);
    const firstService = (d: ReturnType<typeof doc>) => d.services[first] ?? {};

    const misspelled = doc();
    firstService(misspelled).enviroment = { A: '1' };
    expect(describeErrors(validate(misspelled)).join('\n')).toContain(`/services/${first}`);
    expect(describeErrors(validate(misspelled)).join('\n')).toContain('enviroment');

    const wrongType = doc();
    firstService(wrongType).ports = 3000;
    expect(describeErrors(validate(wrongType)).join('\n')).toContain(`/services/${first}/ports`);

    const unknownTop = doc();
    unknownTop.servics = {};
    expect(describeErrors(validate(unknownTop)).join('\n')).toContain('servics');
  });
});
