import { it } from 'vitest';
import { promptText, outlineReply, programReply } from '../helpers/planner';
import { officeScenarioCore, scriptedTurn } from '../helpers/scenario-core';
import { writeWorkbook } from '../helpers/scenario-files';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
it('prints', async () => {
  const env = await officeScenarioCore();
  await mkdir(join(env.root, 'data')); await mkdir(join(env.root, 'notes'));
  await writeWorkbook(join(env.root, 'data', 'scores.xlsx'), { Scores: [['Name', 'Score'], ['Ada', 91], ['Ben', 78]] });
  const step = [{ action: 'write the totals into data/scores.xlsx', search: 'write cells in a sheet', modules: ['xlsx'] }];
  const t = await scriptedTurn(env, { request: process.env.REQ ?? 'Add up the scores in the score excel file', chat: [outlineReply(step), programReply("return 1")] });
  for (const r of t.requests) console.log('=====', r.max_tokens, '\n', promptText(r), '\n', JSON.stringify(r.response_format).slice(0, 400));
  console.log(t.events.filter(e=>e.type==='turn.toolbox').map(e=>JSON.stringify(e)).join('\n'));
  await env.close();
}, 120000);
