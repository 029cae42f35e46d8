import pkg from '../../package.json';

/** The till's version as released (package.json), reported to the township with each pull. */
export const APP_VERSION: string = pkg.version;
