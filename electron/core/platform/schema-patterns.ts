/** The longest `pattern` a pack schema may hold. */
export const MAX_PATTERN_CHARS = 512;

/**
 * Why a JSON Schema `pattern` could take exponential time in a backtracking engine (ajv uses
 * JavaScript's RegExp), or undefined. Refused: a quantified group that itself holds an unbounded
 * quantifier (`(a+)+`, `(\w*)*`, `(a|b+){2,}`), back-references, and patterns too long to review.
 * This is a conservative syntactic check (star height above one), not a full ambiguity analysis.
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_CHARS) return `it is longer than ${MAX_PATTERN_CHARS} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `it is not a valid regular expression (${(error as Error).message})`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'it uses a back-reference';
  // Each open group records whether an unbounded quantifier occurs inside it.
  const stack: boolean[] = [];
  let inner = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '[') {
      // Skip a character class: quantifier characters inside it are literals.
      for (i += 1; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i += 1;
      continue;
    }
    if (c === '(') {
      stack.push(inner);
      inner = false;
      continue;
    }
    if (c === ')') {
      const groupHasUnbounded = inner;
      inner = stack.pop() ?? false;
      const next = quantifierAt(pattern, i + 1);
      if (next && groupHasUnbounded && next.repeats)
        return 'a repeated group holds a repeated part (nested quantifiers, as in (a+)+), which can take exponential time';
      if (groupHasUnbounded || next?.unbounded) inner = true;
      continue;
    }
    if (quantifierAt(pattern, i)?.unbounded) inner = true;
  }
  return undefined;
}

/** The quantifier starting at `i`: whether it repeats more than once and whether it is unbounded. */
function quantifierAt(pattern: string, i: number): { repeats: boolean; unbounded: boolean } | undefined {
  const c = pattern[i];
  if (c === '*' || c === '+') return { repeats: true, unbounded: true };
  if (c === '?') return { repeats: false, unbounded: false };
  if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!match) return undefined;
    const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    return { repeats: max > 1, unbounded: max > 1 };
  }
  return undefined;
}

/** Every `pattern` (and `patternProperties` key) in a JSON Schema, with where it is. */
export function schemaPatterns(schema: unknown, path = ''): { path: string; pattern: string }[] {
  const out: { path: string; pattern: string }[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
    const record = node as Record<string, unknown>;
    if (typeof record.pattern === 'string') out.push({ path: `${at}.pattern`, pattern: record.pattern });
    if (record.patternProperties && typeof record.patternProperties === 'object') {
      for (const key of Object.keys(record.patternProperties)) out.push({ path: `${at}.patternProperties`, pattern: key });
    }
    for (const [key, value] of Object.entries(record)) visit(value, `${at}.${key}`, depth + 1);
  };
  visit(schema, path, 0);
  return out;
}
