import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';

/** A message on one line: line breaks (and the indentation after them) become one space. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and parses a JSON file (`-`: standard input); errors name the file and what went wrong,
 * in one line.
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
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

async function writeOne(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new InputError(`--output ${path}: cannot write: ${oneLine((error as Error).message)}`, { cause: error });
  }
}

/**
 * Writes a report to `output` (stdout without one, or with `-`) and its side files (the shell
 * format's policies) beside it: in the output's folder, else the current one. A file that cannot
 * be written is an InputError naming it.
 */
export async function writeReport(report: { text: string; files: readonly { name: string; content: string }[] }, output: string | undefined): Promise<void> {
  const toStdout = output === undefined || output === '-';
  const folder = toStdout ? '.' : dirname(output);
  for (const file of report.files) await writeOne(join(folder, file.name), file.content);
  if (toStdout) process.stdout.write(report.text);
  else await writeOne(output, report.text);
}
