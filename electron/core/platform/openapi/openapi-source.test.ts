import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DESCRIPTION_BYTES, MAX_YAML_ALIASES, parseDescription, readOpenApiSource } from './openapi-source';

let dir: string;
let server: Server;
let base: string;
let bigBytesSent = 0;

const TODO_YAML = `openapi: 3.0.3
info:
  title: Todo API
  version: "1.0"
servers:
  - url: /api
paths:
  /todos:
    get:
      operationId: listTodos
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Todo" } }
components:
  schemas:
    Todo: &todo
      type: object
      properties: { id: { type: integer }, title: { type: string } }
    SameTodo: *todo
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openapi-source-'));
  server = createServer((req, res) => {
    if (req.url === '/openapi.yaml') return res.writeHead(200, { 'content-type': 'application/yaml' }).end(TODO_YAML);
    if (req.url === '/huge.json') {
      // Streams past the limit; the reader must stop without taking it all.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const push = () => {
        while (bigBytesSent < 4 * MAX_DESCRIPTION_BYTES && !res.destroyed) {
          bigBytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      res.write('{"openapi": "3.0.0", "pad": "');
      return push();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('OpenAPI descriptions in YAML', () => {
  it('reads a YAML file and a YAML URL the same way as JSON (anchors and aliases expanded)', async () => {
    const file = join(dir, 'todo.yaml');
    await writeFile(file, TODO_YAML);
    const fromFile = await readOpenApiSource(`openapi:${file}`);
    expect(fromFile.ref).toBe(file);
    const doc = fromFile.document as { openapi: string; info: { version: string }; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.version).toBe('1.0');
    expect(doc.components.schemas.SameTodo).toEqual(doc.components.schemas.Todo);
    const jsonFile = join(dir, 'todo.json');
    await writeFile(jsonFile, JSON.stringify(doc, null, 2));
    expect((await readOpenApiSource(`openapi:${jsonFile}`)).document).toEqual(doc);
    const fromUrl = await readOpenApiSource(`openapi:${base}/openapi.yaml`);
    expect(fromUrl).toMatchObject({ ref: `${base}/openapi.yaml`, origin: `${base}/openapi.yaml` });
    expect(fromUrl.document).toEqual(doc);
  });

  it('refuses a billion-laughs document: alias expansion is bounded', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(() => parseDescription(levels.join('\n'), 'laughs.yaml')).toThrow(
      new RegExp(`laughs.yaml: Excessive alias count.*at most ${MAX_YAML_ALIASES} times`),
    );
    // A few aliases, as real descriptions use them, are fine.
    expect(parseDescription('a: &x {type: string}\nb: *x\nc: *x\n', 'ok.yaml')).toEqual({
      a: { type: 'string' },
      b: { type: 'string' },
      c: { type: 'string' },
    });
  });

  it('refuses malformed YAML and JSON with the line and column, duplicate keys and self-containing aliases', () => {
    expect(() => parseDescription('openapi: 3.0.0\ninfo:\n  title: "unclosed\n', 'a.yaml')).toThrow(
      'a.yaml is not valid YAML or JSON at line 4, column 1: Missing closing "quote',
    );
    expect(() => parseDescription('openapi: 3.0.0\nopenapi: 3.1.0\n', 'b.yaml')).toThrow(
      'b.yaml is not valid YAML or JSON at line 2, column 1: Map keys must be unique',
    );
    expect(() => parseDescription('paths:\n  /x: &p\n    get: *p\n', 'c.yaml')).toThrow(
      'c.yaml: the YAML alias at /paths/~1x/get (a JSON pointer) refers to a node that contains it (a cycle)',
    );
    expect(() => parseDescription('{\n  "openapi": "3.0.0",\n  "info": {"title": x}\n}', 'd.json')).toThrow(
      "d.json is not valid JSON at line 3, column 21: Unexpected token 'x'",
    );
    expect(() => parseDescription('{"openapi": "3.0.0"', 'e.json')).toThrow(/e\.json is not valid JSON at line 1, column 20/);
  });

  it('refuses descriptions over the size limit, as files and as downloads (the download stops early)', async () => {
    const big = join(dir, 'big.yaml');
    await writeFile(big, 'openapi: 3.0.0\n');
    await truncate(big, MAX_DESCRIPTION_BYTES + 1);
    await expect(readOpenApiSource(`openapi:${big}`)).rejects.toThrow(
      `is ${MAX_DESCRIPTION_BYTES + 1} bytes; an OpenAPI description may have at most ${MAX_DESCRIPTION_BYTES}`,
    );
    await expect(readOpenApiSource(`openapi:${base}/huge.json`)).rejects.toThrow(`over ${MAX_DESCRIPTION_BYTES} bytes`);
    expect(bigBytesSent).toBeLessThan(4 * MAX_DESCRIPTION_BYTES);
    await expect(readOpenApiSource(`openapi:${base}/missing.yaml`)).rejects.toThrow('answered HTTP 404');
    await expect(readOpenApiSource('openapi:')).rejects.toThrow('needs a file or an http(s) URL');
    expect(await readFile(big, 'utf8').then((t) => t.length)).toBe(MAX_DESCRIPTION_BYTES + 1);
  });
});
