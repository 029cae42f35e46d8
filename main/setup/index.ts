export { type SetupDeps, setupHandlers, setupState } from './handlers';
export { changePin, requirePinCurrent, resetPin } from './pins';
export { loadSetupFile } from './setup-file';
