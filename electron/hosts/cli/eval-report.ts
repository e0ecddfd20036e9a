import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CheckResult } from './office-checks';

/** Why a task failed, when the harness can tell. */
export const failureClassSchema = z.enum(['unsupported_check', 'question_back', 'verifier_refused', 'api_error', 'limit', 'check_failed']);
export type FailureClass = z.infer<typeof failureClassSchema>;

export const taskReportSchema = z.object({
  id: z.string(),
  /** OfficeBench's n_apps_category (1, 2 or 3 apps), when the suite gives it. */
  apps: z.number().optional(),
  passed: z.boolean(),
  status: z.string(),
  failureClass: failureClassSchema.optional(),
  /** A known error in upstream's task or check (graded as upstream grades it). */
  upstreamError: z.string().optional(),
  llmCalls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  latencyMs: z.number(),
  checks: z.array(
    z.object({ function: z.string(), passed: z.boolean(), detail: z.string(), raised: z.boolean().optional(), unsupported: z.boolean().optional() }),
  ),
});
export type TaskReport = z.infer<typeof taskReportSchema>;

/** What the harness saw of a turn, enough to classify a failure. */
export interface TurnTrace {
  status: string;
  /** The last verifier verdict, and whether a run followed it. */
  lastDiagnosticsOk?: boolean;
  ran: boolean;
  runStatus?: string;
  runErrorCode?: string;
  apiErrors: number;
  modelErrors: number;
  lengthStops: number;
}

export function failureClass(passed: boolean, checks: readonly CheckResult[], trace: TurnTrace): FailureClass | undefined {
  if (passed) return undefined;
  if (checks.some((c) => c.unsupported)) return 'unsupported_check';
  if (trace.status === 'question') return 'question_back';
  if (trace.status === 'completed') return 'check_failed';
  if (trace.runStatus === 'limit' || trace.runErrorCode === 'LIMIT_EXCEEDED' || trace.runErrorCode === 'TIMEOUT' || trace.lengthStops > 0) return 'limit';
  if (trace.lastDiagnosticsOk === false && !trace.ran) return 'verifier_refused';
  if (trace.apiErrors > 0 || trace.modelErrors > 0) return 'api_error';
  return undefined;
}

function rate(rows: readonly TaskReport[]): { tasks: number; passed: number; successRate: number } {
  const passed = rows.filter((r) => r.passed).length;
  return { tasks: rows.length, passed, successRate: rows.length ? passed / rows.length : 0 };
}

/** The suite's figures: overall and by 1-, 2- and 3-app tasks (OfficeBench's table), with means and failure counts. */
export function summarize(reports: readonly TaskReport[]) {
  const sum = (f: (r: TaskReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const n = reports.length;
  const byApps: Record<string, ReturnType<typeof rate>> = {};
  for (const apps of [1, 2, 3]) byApps[String(apps)] = rate(reports.filter((r) => r.apps === apps));
  const failures: Record<string, number> = {};
  for (const r of reports) if (r.failureClass) failures[r.failureClass] = (failures[r.failureClass] ?? 0) + 1;
  return {
    ...rate(reports),
    byApps,
    failures,
    upstreamErrors: reports.filter((r) => r.upstreamError).map((r) => r.id),
    meanLlmCalls: n ? sum((r) => r.llmCalls) / n : 0,
    promptTokens: sum((r) => r.promptTokens),
    completionTokens: sum((r) => r.completionTokens),
    meanLatencyMs: n ? sum((r) => r.latencyMs) / n : 0,
  };
}

/** The evidence folder's name for a task id (`3-8/0` → `3-8_0`). */
export function taskFolder(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Reports already kept in an `--out` folder (each task's report.json), for `--resume`. */
export async function readReports(dir: string): Promise<TaskReport[]> {
  if (!existsSync(dir)) throw new Error(`--resume ${dir}: no such folder`);
  const out: TaskReport[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const file = join(dir, entry.name, 'report.json');
    if (!existsSync(file)) continue;
    const parsed = taskReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not a task report (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    out.push(parsed.data);
  }
  return out;
}
