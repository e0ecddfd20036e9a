// No node:* import here (the sdk runs without Node): Node's require is reached through
// process.getBuiltinModule (Node 20.16+, Electron's Node) on first use, so importing this file costs nothing.
type Require = (id: string) => unknown;
interface NodeProcess {
  getBuiltinModule?(id: 'node:module'): { createRequire(from: string): Require };
}

let load: Require | undefined;
function nodeRequire(): Require {
  const process = (globalThis as { process?: NodeProcess }).process;
  const moduleApi = process?.getBuiltinModule?.('node:module');
  if (!moduleApi) throw new Error('lazyModule needs Node (process.getBuiltinModule is missing)');
  return (load ??= moduleApi.createRequire(import.meta.url));
}

/**
 * A heavy library loaded on first use instead of at import: `lazyModule<typeof import('x')>('x')` stands
 * for the module (and `pick` for one of its exports), so a start that never uses it never loads it.
 * Reading a property, calling or constructing loads it synchronously with `require`.
 */
export function lazyModule<T extends object>(id: string, pick?: (module: Record<string, unknown>) => unknown): T {
  let real: T | undefined;
  const get = (): T => (real ??= (pick ? pick(nodeRequire()(id) as Record<string, unknown>) : nodeRequire()(id)) as T);
  // A function target, so the stand-in can also be called and constructed (a default-exported class).
  return new Proxy(function lazy() {} as unknown as T, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
    set: (_, key, value) => Reflect.set(get(), key, value),
    apply: (_, self, args) => Reflect.apply(get() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args, newTarget) => Reflect.construct(get() as new (...a: unknown[]) => object, args, newTarget),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}
