import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { EventBus } from '../events';
import { createLogger, memorySink } from '../log/logger';
import { SettingsStore } from './settings-store';
import { expandHome, workspaceHandlers } from './workspace-folders';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

async function setup() {
  const settings = new SettingsStore(join(home.dir, 'settings.json'), new EventBus(), createLogger({ sinks: [memorySink()] }));
  await settings.load();
  const person = join(home.dir, 'person');
  await mkdir(join(person, 'Documents'), { recursive: true });
  await writeFile(join(person, 'notes.txt'), 'x');
  const add = workspaceHandlers(settings, person)['workspace.folders.add'];
  const ctx = {} as Parameters<typeof add>[1];
  return { settings, person, add: (path: string) => add({ path }, ctx) };
}

describe('workspace.folders.add', () => {
  it('expands ~ and stores the folder once it exists; the settings file reads back the same', async () => {
    const { person, add } = await setup();
    expect(expandHome('~', person)).toBe(person);
    const saved = await add('~/Documents/');
    expect(saved.workspace.folders).toEqual([join(person, 'Documents')]);
    const file = JSON.parse(await readFile(join(home.dir, 'settings.json'), 'utf8'));
    expect(file.workspace.folders).toEqual([join(person, 'Documents')]);
    await expect(add(join(person, 'Documents'))).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `${join(person, 'Documents')} is already in the list.`,
    });
  });

  it('refuses a missing folder, a file and a relative path with a sentence, and changes nothing', async () => {
    const { settings, person, add } = await setup();
    await expect(add('~/Nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `There is no folder at ${join(person, 'Nope')}. Check the spelling, or create the folder first.`,
    });
    await expect(add(join(person, 'notes.txt'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/is a file, not a folder\. Choose the folder that holds it\.$/),
    });
    await expect(add('Documents')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^"Documents" is not a full path\./) });
    expect(settings.get().workspace.folders).toEqual([]);
  });
});
