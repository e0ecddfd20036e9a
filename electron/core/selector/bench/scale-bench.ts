export async function runScaleBench(_: unknown): Promise<Record<string, number>> {
  throw new Error('not yet');
}
