import { MAX_ATTACHMENT_BYTES } from '../../../electron/shared/conversations';
import { call } from './call';
import type { SliceCreator } from './types';

/** A file on its way into the next message: uploading, ready (with its id in core), or refused. */
export interface PendingAttachment {
  localId: number;
  name: string;
  type: string;
  size: number;
  status: 'uploading' | 'ready' | 'error';
  id?: string;
  error?: string;
}

export interface AttachmentsSlice {
  pendingAttachments: PendingAttachment[];
  /** Uploads dropped or pasted files; each becomes a chip in the composer. */
  attachFiles(files: readonly File[]): Promise<void>;
  removeAttachment(localId: number): void;
  clearAttachments(): void;
}

let nextLocalId = 1;

/** base64 of bytes, in chunks (String.fromCharCode with a spread is limited in argument count). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const createAttachmentsSlice: SliceCreator<AttachmentsSlice> =
  ({ bridge }) =>
  (set) => {
    const patch = (localId: number, change: Partial<PendingAttachment>) =>
      set((state) => ({ pendingAttachments: state.pendingAttachments.map((a) => (a.localId === localId ? { ...a, ...change } : a)) }));

    return {
      pendingAttachments: [],

      async attachFiles(files) {
        await Promise.all(
          files.map(async (file) => {
            const localId = nextLocalId++;
            const name = file.name || `pasted-${localId}.${(file.type.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gi, '')}`;
            set((state) => ({ pendingAttachments: [...state.pendingAttachments, { localId, name, type: file.type, size: file.size, status: 'uploading' }] }));
            if (file.size > MAX_ATTACHMENT_BYTES) return patch(localId, { status: 'error', error: `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
            const data = toBase64(new Uint8Array(await file.arrayBuffer()));
            const result = await call(bridge, 'attachments.add', { name, type: file.type, data });
            patch(localId, result.ok ? { status: 'ready', id: result.value.id, name: result.value.name } : { status: 'error', error: result.error.message });
          }),
        );
      },

      removeAttachment: (localId) => set((state) => ({ pendingAttachments: state.pendingAttachments.filter((a) => a.localId !== localId) })),
      clearAttachments: () => set({ pendingAttachments: [] }),
    };
  };
