// The Action Executor's public surface: the planner verifies and runs programs, the UI applies,
// undoes and discards by run id (also reachable through the run.* routes).
export { Executor, type ApplyReport } from './executor';
export { ApprovalStore, needsApproval } from './approvals';
export { PROGRAM_GLOBALS } from './globals';
export type { RunEvent, RunResult } from './run-events';
export { runHandlers } from './run-handlers';
export { RunRecordStore } from './run-records';
