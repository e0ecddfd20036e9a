import { z } from 'zod';
import { settingsSchema } from './settings';

/** Routes for the folders Switchboard may read and write: core checks each folder before it is granted. */
export const workspaceRoutes = {
  /**
   * Adds a folder to `workspace.folders`. `~` and `~/…` are expanded to the person's home folder and relative
   * paths are refused; the folder must exist and be a folder. NOT_FOUND or INVALID_INPUT with a sentence otherwise.
   */
  'workspace.folders.add': {
    input: z.object({ path: z.string().trim().min(1, 'Type a folder path first.').max(4096, 'That path is too long.') }).strict(),
    output: settingsSchema,
  },
} as const;
