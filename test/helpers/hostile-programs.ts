// Programs that are valid JavaScript but make the TypeScript checker work for minutes, eat gigabytes or
// overflow its stack: the verifier's bounds are tested with them.

/** Each spread of a two-way union doubles the object types the checker builds: 14 of them take minutes. */
export function exponentialSpreads(n: number): string {
  const lines = ['const c = Math.random() > 0.5;', 'const o0 = c ? { a0: 1 } : { b0: 1 };'];
  for (let i = 1; i < n; i++) lines.push(`const o${i} = { ...o${i - 1}, ...(c ? { a${i}: 1 } : { b${i}: 1 }) };`);
  return `${lines.join('\n')}\nreturn o${n - 1};`;
}

/** Mapped types over a 59,049-member template literal union: every one adds tens of megabytes of properties. */
export function memoryHog(n: number): string {
  const lines = ["/** @typedef {'a'|'b'|'c'|'d'|'e'|'f'|'g'|'h'|'i'} D */", '/** @typedef {`${D}${D}${D}${D}${D}`} T */'];
  for (let i = 0; i < n; i++) lines.push(`/** @typedef {{ [K in T]: [K, ${i}] }} M${i} */`, `/** @type {M${i}} */ let v${i}; v${i}.aaaaa;`);
  return lines.join('\n');
}

/** Parentheses nested `depth` deep: the checker's recursion overflows its stack. */
export const deepNesting = (depth: number) => `return ${'('.repeat(depth)}1${')'.repeat(depth)};`;
