// The `vpce-guard` executable: everything lives in main.ts, which tests import.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
