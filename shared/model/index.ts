export { AccountModel } from './account.js';
export { readSnapshot, accountDataFromSnapshot } from './from-snapshot.js';
export { snapshotSchema, type Snapshot } from './snapshot.js';
export { canonicalEndpointType, ENDPOINT_TYPES, parseServiceName, TERMINAL_STATES } from './service-name.js';
export { uniqueById, uniqueStrings } from './unique.js';
export * from './types.js';
export { configurationItemSchema, readConfigItems, snapshotFromConfigItem, overlayConfigItems, vpcIdOfConfigItem, isConfigResourceType, CONFIG_RESOURCE_TYPES, type ConfigurationItem, type ConfigRelationship, type ConfigResourceType } from './from-config-item.js';
