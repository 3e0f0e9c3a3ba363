#!/usr/bin/env node
// The latent command: yargs parses, a command module loads, factorizes and exports; errors become one
// line and an exit code (fail.ts). Data goes to stdout, everything else to stderr.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { probeLogs, releaseBackends } from '../core/index.js';
import { removeSpills } from '../loaders/index.js';
import { backendsCommand } from './commands/backends.js';
import { factorizeCommand } from './commands/factorize.js';
import { gatherCommand } from './commands/gather.js';
import { rankCommand } from './commands/rank.js';
import { imagesCommand } from './commands/images.js';
import { showCommand } from './commands/show.js';
import { topicsCommand } from './commands/topics.js';
import { transformCommand } from './commands/transform.js';
import { mergeCommand } from './commands/merge.js';
import { EXIT_DATA, EXIT_OK, EXIT_USAGE, reportError } from './fail.js';
import { checkPathFlags } from './path-flags.js';
import { explainUnknown } from './flag-suggestions.js';
import { interruptNote } from './interrupt-note.js';
import { pendingOutputs } from './pending-outputs.js';
import { VERSION } from './version.js';

// A closed pipe (`latent … | head`) ends the job quietly: what was wanted has been read. Any other
// failure to write the data (a full disk, /dev/full) is an error: the output is not all there.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  const { committed } = pendingOutputs.remove();
  if (e.code === 'EPIPE') process.exit(EXIT_OK);
  // files committed before the summary stay: complete, and they may have replaced older ones
  const files = committed ? '; the output files were written and are complete' : '';
  const why = e.code === 'ENOSPC' ? 'no space left on the device' : e.message;
  process.stderr.write(`latent: cannot write to standard output: ${why}${files}\n`);
  process.exit(EXIT_DATA);
});
// 128 + the signal's number, as shells report it
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    removeSpills();
    const { committed } = pendingOutputs.remove();
    const note = interruptNote();
    // a live bar on a terminal may be mid-line; lines off one end in their newline already
    const said = note ? `${note}; ` : 'latent: interrupted; ';
    const left = committed ? 'the output files were already complete' : 'no output written';
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${said}${left}\n`);
    process.exit(code);
  });
}

const argv = hideBin(process.argv);
const COMMANDS = ['topics', 'images', 'factorize', 'rank', 'transform', 'merge', 'show', 'gather', 'backends'];
const debug = argv.includes('--debug');
/** yargs' own validation failures (unknown flag, missing argument, bad choice). */
class UsageFailure extends Error {}

const cli = yargs(argv)
  .scriptName('latent')
  .usage(
    '$0 <command> [options]\n\nMine text corpora, image folders and matrices by nonnegative matrix ' +
      'factorization, X ≈ W·H.',
  )
  .command([
    topicsCommand,
    imagesCommand,
    factorizeCommand,
    rankCommand,
    transformCommand,
    mergeCommand,
    showCommand,
    gatherCommand,
    backendsCommand,
  ] as never)
  .demandCommand(
    1,
    'name a command: topics, images, factorize, rank, transform, merge, show, gather or backends (see latent --help)',
  )
  .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress or notes on stderr', global: true })
  .option('verbose', { alias: 'v', type: 'boolean', describe: 'loader statistics and timings on stderr', global: true })
  .option('debug', { type: 'boolean', describe: 'stack traces with errors', global: true })
  .strict()
  // before any handler: a file-name flag without its name, an output extension latent does not write
  .middleware((a) => checkPathFlags(a))
  // a flag given twice takes its last value, as Unix tools do (not an array: "k is 8,10")
  .parserConfiguration({ 'duplicate-arguments-array': false })
  .recommendCommands()
  .version(VERSION)
  // help and version end like any output: a write that fails (`--help > /dev/full`) exits 1, not 0
  .exitProcess(false)
  .help()
  .alias('h', 'help')
  .wrap(Math.min(110, process.stdout.columns ?? 100))
  .fail((message, error, usage) => {
    // yargs' own parse errors (YError: a flag without its value) are usage failures too
    if (error && error.name !== 'YError') throw error;
    const known = Object.keys((usage as unknown as { getDescriptions(): object }).getDescriptions());
    throw new UsageFailure(explainUnknown(message ?? error?.message ?? '', known, argv));
  });

let code = EXIT_OK;
try {
  await cli.parseAsync();
} catch (e) {
  pendingOutputs.remove();
  if (e instanceof UsageFailure) {
    const line = e.message
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .join(' ');
    // the help of the command typed, where one was: that is where its flags are listed
    const command = COMMANDS.find((c) => c === argv[0]);
    process.stderr.write(
      `latent: ${line}${line.includes('--help') ? '' : ` (see latent ${command ? `${command} ` : ''}--help)`}\n`,
    );
    code = EXIT_USAGE;
  } else {
    code = reportError(e, debug);
  }
}
// native output of the GPU probe (Dawn, the Vulkan driver) is kept from stderr unless asked for
if (debug) for (const log of await probeLogs()) process.stderr.write(`latent: ${log}\n`);
await releaseBackends();
process.exitCode = code;
// Should anything still hold the event loop (a GPU driver's thread), leave anyway once output is flushed.
setTimeout(() => process.exit(code), 2000).unref();
