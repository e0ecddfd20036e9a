/** Electron IPC channel names (main and preload only). Kept free of imports so the preload stays tiny. */
export const IPC_CHANNELS = {
  request: 'switchboard:request',
  cancel: 'switchboard:cancel',
  event: 'switchboard:event',
} as const;
