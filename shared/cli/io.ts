import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** A message on one line: line breaks (and the indentation after them) become one space. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Reads and parses a JSON file; errors name the file and what went wrong, in one line. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new InputError(`${what} ${path}: cannot read: ${why}`);
  }
  // Editors on Windows save UTF-8 with a byte order mark; JSON.parse would refuse it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} ${path}: not valid JSON: ${oneLine((error as Error).message)}`);
  }
}

/** Writes progress to stderr: one updating line on a terminal, plain lines otherwise. */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): { say: (m: string) => void; done: () => void } {
  let open = false;
  return {
    say(message) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${message}`);
        open = true;
      } else stream.write(`${message}\n`);
    },
    done() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
