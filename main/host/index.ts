export { type HostConfig, parseServiceArgs, type ServiceConfig } from './config';
export { type BrowserHost, type BrowserHostOptions, DEFAULT_PORT, startBrowserHost } from './server';
export { EVENT_NAMES, type TillServicePort } from './service-port';
