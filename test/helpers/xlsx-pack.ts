import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ApiContext } from '../../apis/sdk';
import { xlsxPack } from '../../apis/xlsx/pack';
import { apiContext, callApi } from './api-harness';
import { writeExampleFiles } from './office-fixtures';
import { hasPythonModule } from './python';
import { testStaging } from './staging';

// The xlsx pack's tests share one setup: a fresh folder of example files per test, and openpyxl as the
// second reader of what exceljs wrote.

/** Whether openpyxl (the second reader) is installed. */
export const hasOpenpyxl = hasPythonModule('openpyxl');

interface SheetFacts {
  rows: unknown[][];
  freeze: string | null;
  filter: string | null;
  cf: string[];
  dv: unknown[][];
  fmt: Record<string, string>;
}

/** Everything OPENPYXL prints about a workbook. */
export interface Facts {
  sheets: string[];
  names: Record<string, string>;
  s: Record<string, SheetFacts>;
}

/** openpyxl re-opens what exceljs wrote; one python call per test returns every fact asserted. */
export const OPENPYXL = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
dn = wb.defined_names
names = {d.name: d.attr_text for d in dn.definedName} if hasattr(dn, "definedName") else {n: dn[n].attr_text for n in dn}
out = {"sheets": wb.sheetnames, "names": names, "s": {}}
for ws in wb.worksheets:
    out["s"][ws.title] = {
        "rows": [[(c.isoformat() if hasattr(c, "isoformat") else c) for c in r] for r in ws.iter_rows(values_only=True)],
        "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
        "cf": [str(r.sqref) for r in ws.conditional_formatting],
        "dv": [[str(d.sqref), d.type, d.formula1] for d in ws.data_validations.dataValidation],
        "fmt": {c.coordinate: c.number_format for r in ws.iter_rows(min_row=2, max_row=2) for c in r},
    }
print(json.dumps(out, default=str))
`;

export interface XlsxPackFixture {
  /** This test's folder (granted), holding the example files. */
  readonly root: string;
  /** This test's API context over a fresh staging workspace. */
  readonly ctx: ApiContext;
  /** Calls an xlsx API by verb in this test's context. */
  call(verb: string, args: unknown): Promise<Record<string, unknown>>;
}

/** Registers the per-test folder and staging (beforeEach / afterEach) and returns a view of the current one. */
export function useXlsxPack(): XlsxPackFixture {
  let root = '';
  let ctx: ApiContext | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'xlsx-pack-'));
    await writeExampleFiles(root);
    ctx = apiContext(await testStaging([root]));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return {
    get root() {
      return root;
    },
    get ctx() {
      return ctx!;
    },
    call: (verb, args) => callApi(xlsxPack, verb, args, ctx!) as Promise<Record<string, unknown>>,
  };
}
