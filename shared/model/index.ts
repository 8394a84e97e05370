export { AccountModel } from './account.js';
export { readSnapshot, accountDataFromSnapshot } from './from-snapshot.js';
export { snapshotSchema, type Snapshot } from './snapshot.js';
export { parseServiceName, TERMINAL_STATES } from './service-name.js';
export * from './types.js';
