import { stat } from 'node:fs/promises';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { Executor } from '../executor';
import { previewStaged } from './preview-artifact';

/** run.preview: the staged artifact's preview, and whether Apply would overwrite an existing file. */
export function previewHandlers(executor: Executor): Pick<Handlers, 'run.preview'> {
  return {
    'run.preview': async ({ runId, target }) => {
      const entries = await executor.stagedEntries(runId);
      const entry = entries.find((e) => e.target === target);
      if (!entry) throw new AppError('NOT_FOUND', `run ${runId} staged nothing for ${target}`);
      const overwrites = await stat(entry.target).then(
        (info) => info.isFile(),
        () => false,
      );
      return { target, overwrites, preview: await previewStaged(entry) };
    },
  };
}
