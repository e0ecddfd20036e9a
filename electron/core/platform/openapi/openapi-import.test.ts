import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../apis/sdk';
import { renderDeclarations } from '../declarations';
import { unsafePatternReason } from '../schema-patterns';
import { importOpenApi } from './openapi-import';
import { OpenApiRuntime } from './openapi-runtime';

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } };

/** A description using what real ones do: recursion, allOf, oneOf, nullable, readOnly/writeOnly, 3.0 exclusive bounds. */
function description(server: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Shapes', version: 'v2.1' },
    servers: [{ url: '{scheme}://{host}/v1', variables: { scheme: { default: 'http' }, host: { default: server.replace(/^http:\/\//, '') } } }],
    paths: {
      '/nodes/{id}': {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'path-level id' },
          { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
        ],
        put: {
          operationId: 'toString',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'the operation’s own id' },
            { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
            { name: 'body', in: 'query', schema: { type: 'string' } },
            { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
          responses: ok,
        },
        post: {
          operationId: 'rename',
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } } },
            },
          },
          responses: { '204': { description: 'done' } },
        },
        patch: { operationId: 'upload', requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: ok },
      },
    },
    components: {
      schemas: {
        Base: { type: 'object', required: ['id'], properties: { id: { type: 'integer', readOnly: true }, secret: { type: 'string', writeOnly: true } } },
        Node: {
          allOf: [
            { $ref: '#/components/schemas/Base' },
            {
              type: 'object',
              required: ['label'],
              properties: {
                label: { type: 'string', pattern: '^(a+)+$', description: 'a label' },
                weight: { type: 'number', minimum: 0, exclusiveMinimum: true },
                parent: { allOf: [{ $ref: '#/components/schemas/Node' }], nullable: true },
                children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
                shape: { oneOf: [{ $ref: '#/components/schemas/Circle' }, { type: 'string', enum: ['square'] }], nullable: true },
              },
            },
          ],
        },
        Circle: { type: 'object', properties: { radius: { type: 'number', nullable: true } } },
      },
    },
  };
}

describe('importOpenApi', () => {
  it('writes one schema per operation: allOf merged, recursion open, nullable and bounds in JSON Schema form, readOnly/writeOnly by side', () => {
    const imported = importOpenApi(description(base), { module: 'shapes', pack: 'openapi-shapes' });
    expect(imported).toMatchObject({ version: '2.1.0', baseUrl: `${base}/v1`, hosts: [base.slice('http://'.length)] });
    const put = imported.apis.find((a) => a.name === 'shapes.toStringOp')!;
    expect(put.parameters.required).toEqual(['id', 'body']);
    const props = put.parameters.properties!;
    expect(props.id).toMatchObject({ type: 'integer', description: 'the operation’s own id' });
    expect(Object.keys(props)).toEqual(['id', 'tags', 'ids', 'X_Trace', 'body_query', 'body']);
    const body = props.body!;
    expect(body.required).toEqual(['label']); // id is readOnly: a request leaves it out
    expect(Object.keys(body.properties!)).toEqual(['secret', 'label', 'weight', 'parent', 'children', 'shape']);
    expect(body.properties!.label).toEqual({ type: 'string', description: 'a label' }); // the catastrophic pattern is dropped
    expect(unsafePatternReason('^(a+)+$')).toBeDefined();
    expect(body.properties!.weight).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(body.properties!.weight).not.toHaveProperty('minimum');
    expect(body.properties!.parent).toMatchObject({ type: ['object', 'null'], description: 'parent (recursive: another Node)' });
    expect(body.properties!.children!.items).toMatchObject({ description: 'an item (recursive: another Node)' });
    expect(body.properties!.shape!.oneOf).toEqual([
      { type: 'object', description: 'choice 1', properties: { radius: { type: ['number', 'null'], description: 'radius' } } },
      { type: 'string', enum: ['square'], description: 'choice 2' },
      { type: 'null', description: 'null' },
    ]);
    expect(put.returns.required).toEqual(['id', 'label']); // a response keeps readOnly fields and drops writeOnly ones
    expect(put.returns.properties).not.toHaveProperty('secret');
    expect(put.description).toContain('It needs the cookie session, which cannot be sent from here.');
    expect(imported.apis.find((a) => a.name === 'shapes.upload')!.description).toContain(
      'Its request body (multipart/form-data) cannot be sent from here yet.',
    );
    expect(imported.operations.find((o) => o.verb === 'rename')).toMatchObject({ body: true, bodyType: 'form' });
    const declarations = renderDeclarations(imported.apis);
    expect(declarations).toContain('function toStringOp(args: {');
    expect(declarations).toContain('parent?: Record<string, unknown> | null;');
  });

  it('sends what the schema describes to a real server: path, exploded and comma query arrays, headers, JSON and form bodies', async () => {
    const imported = importOpenApi(description(base), { module: 'shapes', pack: 'openapi-shapes' });
    const runtime = new OpenApiRuntime({ baseUrl: imported.baseUrl, hosts: imported.hosts, operations: imported.operations });
    const signal = new AbortController().signal;
    const put = await runtime.call(
      'toStringOp',
      { id: 7, tags: ['a b', 'c'], ids: [1, 2], X_Trace: 't-1', body_query: 'q', body: { label: 'x' } },
      { signal, roots: [] },
    );
    expect(put).toEqual({ ok: true, value: { ok: true } });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'PUT', url: '/v1/nodes/7?tags=a+b&tags=c&ids=1%2C2&body=q', body: '{"label":"x"}' });
    expect(last.headers).toMatchObject({ 'x-trace': 't-1', 'content-type': 'application/json' });
    expect(await runtime.call('rename', { id: 'n/1', body: { name: 'Ada & co', size: 3 } }, { signal, roots: [] })).toEqual({ ok: true, value: { ok: true } });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/v1/nodes/n%2F1',
      body: 'name=Ada+%26+co&size=3',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await runtime.dispose();
  });

  it('keeps a huge schema within the document size limit by writing it less deep', () => {
    const wide = (depth: number): Record<string, unknown> =>
      depth === 0
        ? { type: 'string', description: 'x'.repeat(200) }
        : { type: 'object', properties: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, wide(depth - 1)])) };
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Wide', version: '1.0.0' },
      servers: [{ url: base }],
      paths: { '/w': { post: { requestBody: { content: { 'application/json': { schema: wide(6) } } }, responses: { '200': { description: 'ok' } } } } },
    };
    const [api] = importOpenApi(doc, { module: 'wide', pack: 'openapi-wide' }).apis;
    expect(api!.name).toBe('wide.postW');
    expect(Buffer.byteLength(JSON.stringify(api))).toBeLessThanOrEqual(LIMITS.documentBytes);
    expect(api!.parameters.properties!.body!.properties!.f0).toMatchObject({ type: 'object' });
  });

  it('refuses what it cannot import, with the reason', () => {
    expect(() => importOpenApi({ swagger: '2.0', info: {}, paths: {} }, { module: 'm', pack: 'p' })).toThrow(
      'this is Swagger 2.0: convert it to OpenAPI 3 first',
    );
    const relative = { openapi: '3.0.0', info: { title: 'R', version: '1.0.0' }, servers: [{ url: '/api' }], paths: { '/x': { get: { responses: {} } } } };
    expect(() => importOpenApi(relative, { module: 'm', pack: 'p' })).toThrow('no server URL of the description is an absolute http(s) URL (/api)');
    expect(importOpenApi(relative, { module: 'm', pack: 'p', origin: `${base}/openapi.yaml` }).baseUrl).toBe(`${base}/api`);
    const external = { ...relative, servers: [{ url: base }], paths: { '/x': { get: { parameters: [{ $ref: 'other.yaml#/p' }], responses: {} } } } };
    expect(() => importOpenApi(external, { module: 'm', pack: 'p' })).toThrow('only references inside the description are supported, not other.yaml#/p');
    const loop = { ...relative, servers: [{ url: base }], paths: { '/x': { $ref: '#/paths/~1x' } } };
    expect(() => importOpenApi(loop, { module: 'm', pack: 'p' })).toThrow('$ref #/paths/~1x refers to itself');
  });
});
