import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../../../../test/helpers/core';
import type { Core } from '../../create-core';
import { packCredentialKey } from '../pack-manager';

let server: Server;
let base: string;
let core: Core;
let home: string;
let close: () => Promise<void>;
let extraOperation = false;
const todos = new Map<number, { id: number; title: string; done: boolean }>();
let nextId = 1;

/** The test's own OpenAPI 3.1 description of its to-do API ($refs, a required body, a 2xx schema). */
function description(): unknown {
  const paths: Record<string, unknown> = {
    '/todos': {
      get: {
        operationId: 'listTodos',
        summary: 'List the to-dos.',
        parameters: [{ name: 'done', in: 'query', schema: { type: 'boolean' }, description: 'only finished (true) or open (false) ones' }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Todo' } } } } },
        },
      },
      post: {
        operationId: 'createTodo',
        summary: 'Add a to-do.',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewTodo' } } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Todo' } } } } },
      },
    },
    '/todos/{id}': {
      parameters: [{ $ref: '#/components/parameters/TodoId' }],
      get: {
        summary: 'One to-do.',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Todo' } } } } },
      },
      delete: { operationId: 'deleteTodo', summary: 'Delete a to-do.', responses: { '204': { description: 'gone' } } },
    },
    '/secure': { get: { operationId: 'whoAmI', summary: 'Needs a bearer token.', responses: { '200': { description: 'ok' } } } },
    '/big': { get: { operationId: 'big', summary: 'A response over the size limit.', responses: { '200': { description: 'ok' } } } },
    '/away': { get: { operationId: 'away', summary: 'Redirects to a host the pack did not declare.', responses: { '200': { description: 'ok' } } } },
    '/back': { get: { operationId: 'back', summary: 'Redirects to the to-do list on the same host.', responses: { '200': { description: 'ok' } } } },
    '/loop': { get: { operationId: 'loop', summary: 'Redirects to itself for ever.', responses: { '200': { description: 'ok' } } } },
    '/slow': { get: { operationId: 'slow', summary: 'Answers only after the client gave up.', responses: { '200': { description: 'ok' } } } },
    '/key-header': {
      get: {
        operationId: 'keyHeader',
        summary: 'Needs an API key in the X-Api-Key header.',
        security: [{ headerKey: [] }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/key-query': {
      get: {
        operationId: 'keyQuery',
        summary: 'Needs an API key in the api_key query parameter.',
        security: [{ queryKey: [] }],
        parameters: [{ name: 'q', in: 'query', schema: { type: 'array', items: { type: 'string' } } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/basic': {
      get: { operationId: 'basic', summary: 'Needs HTTP basic authentication.', security: [{ basicAuth: [] }], responses: { '200': { description: 'ok' } } },
    },
  };
  if (extraOperation)
    paths['/todos/{id}/done'] = {
      put: {
        operationId: 'finishTodo',
        summary: 'Mark a to-do done.',
        parameters: [{ $ref: '#/components/parameters/TodoId' }],
        responses: { '200': { description: 'ok' } },
      },
    };
  return {
    openapi: '3.1.0',
    info: { title: 'Todo API', version: extraOperation ? '1.1.0' : '1.0.0', description: 'A to-do list of the test.' },
    servers: [{ url: `${base}/api` }],
    paths,
    components: {
      securitySchemes: {
        headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
        basicAuth: { type: 'http', scheme: 'basic' },
        bearerAuth: { type: 'http', scheme: 'bearer' },
      },
      parameters: { TodoId: { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'the to-do id', example: 1 } },
      schemas: {
        NewTodo: { type: 'object', required: ['title'], properties: { title: { type: 'string', description: 'what to do', example: 'Buy milk' } } },
        Todo: {
          type: 'object',
          properties: { id: { type: 'integer' }, title: { type: 'string' }, done: { type: 'boolean' }, next: { $ref: '#/components/schemas/Todo' } },
        },
      },
    },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (url.pathname === '/openapi.json') return json(200, description());
      const id = /^\/api\/todos\/(\d+)$/.exec(url.pathname)?.[1];
      if (url.pathname === '/api/todos' && req.method === 'GET')
        return json(
          200,
          [...todos.values()].filter((t) => !url.searchParams.has('done') || String(t.done) === url.searchParams.get('done')),
        );
      if (url.pathname === '/api/todos' && req.method === 'POST') {
        const todo = { id: nextId++, title: (JSON.parse(body) as { title: string }).title, done: false };
        todos.set(todo.id, todo);
        return json(201, todo);
      }
      if (id && req.method === 'GET') return todos.has(Number(id)) ? json(200, todos.get(Number(id))) : json(404, { error: 'no such to-do' });
      if (id && req.method === 'DELETE') return todos.delete(Number(id)) ? res.writeHead(204).end() : json(404, { error: 'no such to-do' });
      if (url.pathname === '/api/secure')
        return req.headers.authorization === 'Bearer s3cret-token' ? json(200, { user: 'ada' }) : json(401, { error: 'unauthorized' });
      if (url.pathname === '/api/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(6 * 1024 * 1024));
      if (url.pathname === '/api/away') return res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/api/todos` }).end();
      if (url.pathname === '/api/back') return res.writeHead(302, { location: '/api/todos' }).end();
      if (url.pathname === '/api/loop') return res.writeHead(307, { location: '/api/loop' }).end();
      if (url.pathname === '/api/slow') return void setTimeout(() => res.writeHead(200).end('late'), 5_000).unref();
      if (url.pathname === '/api/key-header') return req.headers['x-api-key'] === 'k-123' ? json(200, { via: 'header' }) : json(401, { error: 'no key' });
      if (url.pathname === '/api/key-query')
        return url.searchParams.get('api_key') === 'k-456' ? json(200, { via: 'query', q: url.searchParams.getAll('q') }) : json(403, { error: 'no key' });
      if (url.pathname === '/api/basic')
        return req.headers.authorization === `Basic ${Buffer.from('ada:pa:ss').toString('base64')}`
          ? json(200, { via: 'basic' })
          : json(401, { error: 'who?' });
      return json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ core, home, close } = await testCore());
}, 60_000);

afterAll(async () => {
  await close?.();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (name: string, args: unknown) => core.packs.call(name, args, { signal: new AbortController().signal, roots: [] });

describe('packs add openapi:<url>', () => {
  it('imports each operation as an API document with resolved $refs, effects by method and the declared host', async () => {
    const pack = await core.packs.add(`openapi:${base}/openapi.json`);
    expect(pack).toMatchObject({
      name: 'openapi-todoApi',
      module: 'todoApi',
      kind: 'openapi',
      version: '1.0.0',
      permissions: { hosts: [base.slice('http://'.length)] },
    });
    const names = pack.apis.map((a) => a.name).sort();
    expect(names).toEqual([
      'todoApi.away',
      'todoApi.back',
      'todoApi.basic',
      'todoApi.big',
      'todoApi.createTodo',
      'todoApi.deleteTodo',
      'todoApi.getTodosById',
      'todoApi.keyHeader',
      'todoApi.keyQuery',
      'todoApi.listTodos',
      'todoApi.loop',
      'todoApi.slow',
      'todoApi.whoAmI',
    ]);
    const doc = (n: string) => core.registry.getApi(`todoApi.${n}`)!;
    expect(doc('listTodos').effects).toBe('external');
    expect(doc('createTodo').effects).toBe('external');
    expect(doc('deleteTodo').effects).toBe('destructive');
    expect(doc('createTodo').parameters).toMatchObject({
      required: ['body'],
      properties: { body: { type: 'object', required: ['title'], properties: { title: { type: 'string', description: 'what to do Example: "Buy milk"' } } } },
    });
    expect(doc('getTodosById').parameters).toMatchObject({ required: ['id'], properties: { id: { type: 'integer', description: 'the to-do id Example: 1' } } });
    expect(doc('getTodosById').returns).toMatchObject({
      type: 'object',
      properties: { title: { type: 'string' }, next: { description: 'next (recursive: another Todo)' } },
    });
    expect(doc('listTodos').description).toContain(`Calls GET ${base}/api/todos`);
    expect(doc('keyHeader').description).toContain('headerKey: an API key in header X-Api-Key (--api-key-header X-Api-Key=<key>)');
    expect(pack.description).toContain('basicAuth: HTTP basic (--basic <user:password>)');
  });

  it('calls the real server: create, list, get, delete, and a 404 as NOT_FOUND', async () => {
    const created = await call('todoApi.createTodo', { body: { title: 'Buy milk' } });
    expect(created).toEqual({ ok: true, value: { id: 1, title: 'Buy milk', done: false } });
    expect(await call('todoApi.listTodos', { done: false })).toEqual({ ok: true, value: [{ id: 1, title: 'Buy milk', done: false }] });
    expect(await call('todoApi.getTodosById', { id: 1 })).toMatchObject({ ok: true, value: { title: 'Buy milk' } });
    expect(await call('todoApi.deleteTodo', { id: 1 })).toEqual({ ok: true, value: null });
    const gone = await call('todoApi.getTodosById', { id: 1 });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(todos.size).toBe(0);
  });

  it('refuses bad arguments before any request, and bounds size and redirects', async () => {
    expect(await call('todoApi.createTodo', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await call('todoApi.big', {})).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(await call('todoApi.away', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', message: expect.stringContaining('localhost') } });
    expect(await call('todoApi.back', {})).toEqual({ ok: true, value: [] });
    expect(await call('todoApi.loop', {})).toMatchObject({ ok: false, error: { code: 'API_ERROR', message: expect.stringContaining('too many redirects') } });
    const slow = await core.packs.call('todoApi.slow', {}, { signal: new AbortController().signal, roots: [], timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('sends the credential stored for the pack', async () => {
    expect(await call('todoApi.whoAmI', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await core.secrets.set(packCredentialKey('openapi-todoApi'), JSON.stringify({ kind: 'bearer', token: 's3cret-token' }));
    expect(await call('todoApi.whoAmI', {})).toEqual({ ok: true, value: { user: 'ada' } });
    expect(await call('todoApi.keyHeader', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await core.secrets.set(packCredentialKey('openapi-todoApi'), JSON.stringify({ kind: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k-123' }));
    expect(await call('todoApi.keyHeader', {})).toEqual({ ok: true, value: { via: 'header' } });
    await core.secrets.set(packCredentialKey('openapi-todoApi'), JSON.stringify({ kind: 'apiKey', in: 'query', name: 'api_key', value: 'k-456' }));
    expect(await call('todoApi.keyQuery', { q: ['a b', 'c'] })).toEqual({ ok: true, value: { via: 'query', q: ['a b', 'c'] } });
    expect(await call('todoApi.keyHeader', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await core.secrets.set(packCredentialKey('openapi-todoApi'), JSON.stringify({ kind: 'basic', username: 'ada', password: 'pa:ss' }));
    expect(await call('todoApi.basic', {})).toEqual({ ok: true, value: { via: 'basic' } });
    expect(await call('todoApi.whoAmI', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await core.secrets.set(packCredentialKey('openapi-todoApi'), JSON.stringify({ kind: 'bearer' }));
    expect(await call('todoApi.whoAmI', {})).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.stringContaining('set it again') },
    });
    await core.secrets.delete(packCredentialKey('openapi-todoApi'));
    expect(await call('todoApi.basic', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('packs update re-reads the description; a bad description is refused and changes nothing', async () => {
    extraOperation = true;
    const updated = await core.packs.update('openapi-todoApi');
    expect(updated.version).toBe('1.1.0');
    expect(core.registry.getApi('todoApi.finishTodo')?.effects).toBe('external');
    const before = core.registry.listApis().length;
    const bad = join(home, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Bad', version: '1.0.0' },
        servers: [{ url: 'http://127.0.0.1:1' }],
        paths: { '/x': { get: { parameters: [{ $ref: '#/components/parameters/Missing' }], responses: {} } } },
      }),
    );
    await expect(core.packs.add(`openapi:${bad}`)).rejects.toThrow(/points at nothing/);
    await expect(core.packs.add(`openapi:${join(home, 'none.json')}`)).rejects.toThrow(/no OpenAPI file/);
    await writeFile(bad, 'openapi: 3.0.0\ninfo:\n  title: [unclosed\npaths: {}\n');
    await expect(core.packs.add(`openapi:${bad}`)).rejects.toThrow(/not valid YAML or JSON at line \d+, column \d+/);
    await writeFile(bad, '{"openapi": "3.0.0",\n "info": }');
    await expect(core.packs.add(`openapi:${bad}`)).rejects.toThrow(/not valid JSON at line 2, column 10/);
    await expect(core.packs.add(`openapi:${base}/openapi.json`)).rejects.toThrow(/already installed/);
    expect(core.registry.listApis().length).toBe(before);
  });

  it('packs update re-reads a YAML file: operations added and removed, a broken file refused and the pack kept', async () => {
    const file = join(home, 'lamps.yaml');
    const yaml = (ops: string) =>
      `openapi: 3.1.0\ninfo: { title: Lamps, version: "${ops.split(',').length}.0" }\nservers: [{ url: "${base}/api" }]\npaths:\n${ops
        .split(',')
        .map((op) => `  /${op}:\n    post: { operationId: ${op}, summary: "${op} the lamp", responses: { "204": { description: done } } }\n`)
        .join('')}`;
    await writeFile(file, yaml('on,off'));
    const pack = await core.packs.add(`openapi:${file}`);
    expect(pack).toMatchObject({ name: 'openapi-lamps', version: '2.0.0', source: { ref: file } });
    await writeFile(file, yaml('on,dim,blink'));
    const updated = await core.packs.update('openapi-lamps');
    expect(updated.apis.map((a) => a.name).sort()).toEqual(['lamps.blink', 'lamps.dim', 'lamps.on']);
    expect(core.registry.getApi('lamps.off')).toBeUndefined();
    expect(core.registry.getApi('lamps.dim')?.description).toContain('dim the lamp');
    // The same version with a changed schema: calls are checked against the new one.
    expect(await call('lamps.dim', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await writeFile(
      file,
      yaml('on,dim,blink').replace(
        '/dim:\n    post: {',
        '/dim:\n    post: { parameters: [{ name: level, in: query, required: true, schema: { type: integer } }],',
      ),
    );
    expect((await core.packs.update('openapi-lamps')).version).toBe('3.0.0');
    expect(await call('lamps.dim', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('level') } });
    await writeFile(file, 'openapi: 3.1.0\ninfo: [broken\n');
    await expect(core.packs.update('openapi-lamps')).rejects.toThrow(/lamps\.yaml is not valid YAML or JSON at line \d+, column \d+/);
    expect(
      core.registry
        .getPack('openapi-lamps')
        ?.apis.map((a) => a.name)
        .sort(),
    ).toEqual(['lamps.blink', 'lamps.dim', 'lamps.on']);
  });
});
