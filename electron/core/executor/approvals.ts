import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Effect } from '../../../apis/sdk';
import type { ApprovalDecision } from '../../shared/run';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';

const fileSchema = z.object({ always: z.array(z.string()) });

/** Effects that pause a program until the person approves the exact call. */
export function needsApproval(effects: Effect): effects is 'external' | 'destructive' {
  return effects === 'external' || effects === 'destructive';
}

/**
 * The "allow this API always" list, persisted in approvals.json (written atomically) and revocable.
 * "Ask every time" and "allow for this run" live with the run; only "always" outlives it.
 */
export class ApprovalStore {
  private always = new Set<string>();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    const parsed = fileSchema.safeParse(text === undefined ? undefined : parseJsonOrUndefined(text));
    this.always = new Set(parsed.success ? parsed.data.always : []);
  }

  isAlwaysAllowed(api: string): boolean {
    return this.always.has(api);
  }

  list(): string[] {
    return [...this.always].sort();
  }

  async allowAlways(api: string): Promise<void> {
    if (this.always.has(api)) return;
    this.always.add(api);
    await this.save();
  }

  async revoke(api: string): Promise<string[]> {
    if (this.always.delete(api)) await this.save();
    return this.list();
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ always: this.list() }, null, 2)}\n`);
  }
}

/** One run's approvals: what it already allowed for the rest of the run, and the requests waiting. */
export class RunApprovals {
  private readonly allowedForRun = new Set<string>();
  private readonly waiting = new Map<string, (decision: ApprovalDecision) => void>();
  private counter = 0;
  asked = 0;

  constructor(private readonly store: ApprovalStore) {}

  /** True when the call may run without asking. */
  preApproved(api: string): boolean {
    return this.allowedForRun.has(api) || this.store.isAlwaysAllowed(api);
  }

  /** Registers a request; resolves with the decision once {@link decide} is called for it. */
  request(api: string): { requestId: string; decision: Promise<ApprovalDecision> } {
    const requestId = `a${++this.counter}`;
    this.asked += 1;
    const decision = new Promise<ApprovalDecision>((resolve) => this.waiting.set(requestId, resolve));
    return {
      requestId,
      decision: decision.then(async (d) => {
        if (d === 'run' || d === 'always') this.allowedForRun.add(api);
        if (d === 'always') await this.store.allowAlways(api);
        return d;
      }),
    };
  }

  /** Delivers a decision; false when no such request waits. */
  decide(requestId: string, decision: ApprovalDecision): boolean {
    const resolve = this.waiting.get(requestId);
    if (!resolve) return false;
    this.waiting.delete(requestId);
    resolve(decision);
    return true;
  }

  /** Denies everything still waiting (the run ended or was cancelled). */
  denyAll(): void {
    for (const id of [...this.waiting.keys()]) this.decide(id, 'deny');
  }
}
