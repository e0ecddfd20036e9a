import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDocument, JsonSchema } from '../../../../apis/sdk';
import { testCore } from '../../../../test/helpers/core';
import type { Core } from '../../create-core';
import { Verifier } from '../../executor/verifier';
import { renderDeclarations } from '../declarations';
import type { PackRecord } from '../pack-record';

/** Public OpenAPI descriptions shipped in npm packages (test/fixtures/openapi/README.md names each source and licence). */
const FIXTURES = join(__dirname, '../../../../test/fixtures/openapi');
const PUBLIC = [
  { file: 'petstore.yaml', module: 'petstore', base: 'http://petstore.swagger.io/v2' },
  { file: 'uspto.json', module: 'uspto', base: 'https://developer.uspto.gov/ds-api' },
  { file: 'smartdevicemanagement.json', module: 'nest', base: 'https://smartdevicemanagement.googleapis.com' },
  { file: 'airflow.json', module: 'airflow', base: 'https://apache.local' },
] as const;

let core: Core;
let close: () => Promise<void>;
const verifier = new Verifier();
const packs = new Map<string, PackRecord>();

beforeAll(async () => {
  ({ core, close } = await testCore());
  for (const { file, module } of PUBLIC) packs.set(module, await core.packs.add(`openapi:${join(FIXTURES, file)}`, { module }));
}, 120_000);

afterAll(async () => {
  verifier.dispose();
  await close?.();
});

/** Operations in the description as written: every one must become an API. */
function operationCount(file: string): number {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as { paths: Record<string, Record<string, unknown>> };
  return Object.values(doc.paths).reduce((n, item) => n + ['get', 'head', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).length, 0);
}

const TS_OPTIONS: ts.CompilerOptions = { noEmit: true, strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2023, lib: ['lib.es2023.d.ts'], types: [] };
const libFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * The TypeScript compiler's problems with generated declarations (syntax and types, against the ES2023
 * library). The text is checked as a .ts file: skipLibCheck then skips only the (cached) library.
 */
function declarationProblems(text: string): string[] {
  const file = '/switchboard/apis.ts';
  const host = ts.createCompilerHost(TS_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name === file || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) => {
    if (name === file) return ts.createSourceFile(file, text, version, true);
    if (!libFiles.has(name)) libFiles.set(name, getSourceFile(name, version));
    return libFiles.get(name);
  };
  const program = ts.createProgram([file], TS_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A value that fits `schema`: required fields only, first choices, enum members, lower bounds. */
function sample(schema: JsonSchema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.enum) return schema.enum.find((v) => v !== null);
  if ('const' in schema) return schema.const;
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.length) return sample(choice.find((c) => c.type !== 'null'));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string') return typeof schema.minLength === 'number' ? 'x'.repeat(schema.minLength) : 'x';
  if (type === 'number' || type === 'integer') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [sample(schema.items)];
  if (type === 'object' || schema.properties) return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k])]));
  return 'x';
}

/** A block of a program that calls `doc` with arguments built from its schema and reads its result. */
function callBlock(doc: ApiDocument): string {
  const returns = doc.returns;
  const first = Object.keys(returns.properties ?? {}).find((k) => /^[A-Za-z_$][\w$]*$/.test(k));
  const use = returns.type === 'array' ? 'result.length' : first ? `result.${first}` : 'result';
  return `{\n  const result = await ${doc.name}(${JSON.stringify(sample(doc.parameters))});\n  log(${use});\n}`;
}

describe('public OpenAPI descriptions read from files', () => {
  it.each(PUBLIC)('$file: every operation becomes an API on the declared server', ({ file, module, base }) => {
    const pack = packs.get(module)!;
    expect(pack.kind).toBe('openapi');
    expect(pack.apis).toHaveLength(operationCount(file));
    expect(pack.source).toMatchObject({ kind: 'openapi', baseUrl: base });
    expect(pack.permissions.hosts).toEqual([new URL(base).host]);
    for (const doc of pack.apis) expect(core.registry.getApi(doc.name)).toBeDefined();
  });

  it.each(PUBLIC)('$file: the declarations type-check and a call to every API passes the verifier', ({ module }) => {
    const apis = packs.get(module)!.apis;
    expect(declarationProblems(renderDeclarations(apis, 'full'))).toEqual([]);
    expect(declarationProblems(renderDeclarations(apis, 'compact'))).toEqual([]);
    const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true, logger: false });
    for (const doc of apis) {
      const validate = ajv.compile(doc.parameters);
      const args = sample(doc.parameters);
      expect(validate(structuredClone(args)), `${doc.name} ${JSON.stringify(args)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // One program calling every API of the pack, each in its own block.
    const result = verifier.verify(apis.map(callBlock).join('\n'), apis);
    expect(result.text).toBe('');
    expect(result.calls).toEqual(apis.map((d) => d.name));
  });

  it('the checks above can fail: a broken declaration and a wrong call are refused', () => {
    expect(declarationProblems('declare namespace m {\n  function f(args: Missing): Promise<unknown>;\n}\n')).toEqual(["Cannot find name 'Missing'."]);
    const apis = packs.get('petstore')!.apis;
    const wrong = verifier.verify(`await petstore.getPetById({ petId: 'seven' });`, apis);
    expect(wrong.ok).toBe(false);
    expect(wrong.text).toContain('petstore.getPetById is declared as');
    expect(verifier.verify(`await petstore.addPet({ body: { name: 'Rex' } });`, apis).ok).toBe(false); // photoUrls is required
  });

  it('carries over what real descriptions use: YAML, $ref chains, allOf, nullable, readOnly, server variables, path-level parameters, security', () => {
    const api = (name: string) => core.registry.getApi(name)!;
    // Swagger Petstore (YAML): readOnly-free body, enum arrays exploded, a form body, a multipart body named as unsendable.
    expect(api('petstore.addPet').parameters).toMatchObject({
      required: ['body'],
      properties: { body: { required: ['name', 'photoUrls'], properties: { status: { enum: ['available', 'pending', 'sold'] } } } },
    });
    expect(api('petstore.updatePetWithForm').parameters.properties?.body).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' }, status: { type: 'string' } },
    });
    expect(packs.get('petstore')!.source).toMatchObject({
      operations: expect.arrayContaining([expect.objectContaining({ verb: 'updatePetWithForm', body: true, bodyType: 'form' })]),
    });
    expect(api('petstore.uploadFile').description).toContain('cannot be sent from here yet');
    expect(api('petstore.getInventory').description).toContain('api_key: an API key in header api_key (--api-key-header api_key=<key>)');
    expect(api('petstore.findPetsByStatus').description).toContain('petstore_auth: OAuth 2');
    // Airflow: allOf merged into one object, nullable as a type union, readOnly fields left out of requests only.
    const connection = api('airflow.postConnection').parameters.properties!.body!;
    expect(connection.properties).toMatchObject({
      connection_id: { type: 'string' },
      conn_type: { type: 'string' },
      host: { type: ['string', 'null'] },
      extra: { type: ['string', 'null'] },
    });
    const dag = api('airflow.getDag').returns;
    expect(dag.properties).toHaveProperty('dag_id');
    expect(api('airflow.patchDag').parameters.properties!.body!.properties).not.toHaveProperty('dag_id');
    // USPTO: the {scheme} server variable at its default; Google SDM: path-level parameters beside the operation's.
    expect(api('uspto.listDataSets').description).toContain('Calls GET https://developer.uspto.gov/ds-api/');
    const list = api('nest.smartdevicemanagementEnterprisesDevicesList').parameters;
    expect(list.required).toEqual(['parent']);
    expect(list.properties).toHaveProperty('key');
    expect(list.properties).toHaveProperty('__xgafv');
    expect(api('nest.smartdevicemanagementEnterprisesDevicesList').description).toContain('Oauth2: OAuth 2');
  });
});
