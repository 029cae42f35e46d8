/** IPC channel names shared by the Electron main process and the preload. */
export const CALL_CHANNEL = 'till:call';
export const EVENT_CHANNEL = 'till:event';
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://till';
