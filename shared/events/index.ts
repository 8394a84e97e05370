export { CALL_KINDS, CALL_NAMES, type CallHints, type CallKind, type Reach } from './calls.js';
export {
  classifyEvent,
  namesNothing,
  CLOUDTRAIL_DETAIL_TYPE,
  EC2_EVENT_SOURCE,
  type AffectedResources,
  type Classification,
  type EventBridgeEnvelope,
} from './classify.js';
export { bodies, collectIds, fieldOf, idsIn, members, nested } from './sets.js';
