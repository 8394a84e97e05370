import type { Alert } from './types.js';

/** SNS's limit on a subject (email subscriptions): at most 100 characters, ASCII, one line. */
export const MAX_SUBJECT_LENGTH = 100;

/** SNS's limit on a whole message: 256 KiB, body, subject and message attributes together. */
export const MAX_ALERT_BYTES = 256 * 1024;

/** What the SNS size limit counts of an alert: body, subject, and each attribute's name, type and value. */
export function alertBytes(alert: Alert): number {
  let bytes = Buffer.byteLength(alert.message) + Buffer.byteLength(alert.subject);
  for (const [name, value] of Object.entries(alert.attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
  }
  return bytes;
}

/** Text made safe for a subject: printable ASCII on one line (anything else becomes `?` or a space). */
function subjectSafe(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}

/**
 * A subject `<head> <ruleId>: <resourceId>` of at most 100 characters: the rule id is shortened
 * first (with `...`), so that the resource stays readable; a resource id too long on its own is cut.
 */
export function fitSubject(head: string, ruleId: string, resourceId: string, joiner = ': '): string {
  const safeHead = subjectSafe(head);
  const resource = subjectSafe(resourceId);
  const full = `${safeHead} ${subjectSafe(ruleId)}${joiner}${resource}`;
  if (full.length <= MAX_SUBJECT_LENGTH) return full;
  const room = MAX_SUBJECT_LENGTH - safeHead.length - 1 - joiner.length - resource.length;
  if (room >= 8) return `${safeHead} ${subjectSafe(ruleId).slice(0, room - 3)}...${joiner}${resource}`;
  return `${safeHead} ${subjectSafe(ruleId)}${joiner}${resource}`.slice(0, MAX_SUBJECT_LENGTH - 3) + '...';
}

/**
 * The message cut to fit `maxBytes` of UTF-8, ending with a note saying where the full text is.
 * A message that fits is returned unchanged.
 */
export function fitMessage(message: string, maxBytes: number, whereFull: string): string {
  if (Buffer.byteLength(message) <= maxBytes) return message;
  const note = `\n\n[Message shortened to fit SNS's 256 KB limit. ${whereFull}]`;
  const budget = maxBytes - Buffer.byteLength(note);
  let cut = message.slice(0, Math.max(0, budget));
  while (Buffer.byteLength(cut) > budget) cut = cut.slice(0, cut.length - Math.ceil((Buffer.byteLength(cut) - budget) / 4) - 1);
  return cut + note;
}
