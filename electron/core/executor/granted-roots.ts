import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { AppError } from '../../shared/result';

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Refuses run roots that are not the granted folders (settings → workspace) or folders inside them, compared
 * by real path (a symlink inside a granted folder that leads out of it is outside). A caller of run.start
 * (the renderer, the browser host) asks for roots; only the person's grants decide what it gets.
 */
export async function checkGrantedRoots(roots: readonly string[], granted: readonly string[]): Promise<void> {
  if (roots.length === 0) return;
  const grantedReal = (await Promise.all(granted.map((folder) => realpath(folder).catch(() => undefined)))).filter((p): p is string => p !== undefined);
  for (const root of roots) {
    if (!isAbsolute(root)) throw new AppError('INVALID_INPUT', `the run's folder "${root}" is not a full path`);
    const real = await realpath(root).catch(() => {
      throw new AppError('NOT_FOUND', `the run's folder ${root} does not exist`);
    });
    if (grantedReal.length === 0)
      throw new AppError('INVALID_INPUT', `the run asks for ${root}, but no folder is granted; add it under Settings → Folders first`);
    if (!grantedReal.some((folder) => isInside(folder, real))) {
      throw new AppError(
        'INVALID_INPUT',
        `the run asks for ${root}, which is not a granted folder or inside one (granted: ${granted.join(', ')}); add it under Settings → Folders first`,
      );
    }
  }
}
