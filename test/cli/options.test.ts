// The option table of core against the command line built from it: every option a flag on every command
// that fits, with the table's default and choices, and a default that passes its own rule.
import test from 'ava';
import yargs from 'yargs';
import type { Argv, CommandModule } from 'yargs';
import type { OptionName, OptionSpec } from '../../core/index.js';
import { FACTORIZE_OPTIONS, kebabName, OPTION_NAMES, optionsOfRole, ruleText, satisfies } from '../../core/index.js';
import { factorizeCommand } from '../../cli/commands/factorize.js';
import { imagesCommand } from '../../cli/commands/images.js';
import { topicsCommand } from '../../cli/commands/topics.js';
import { transformCommand } from '../../cli/commands/transform.js';

interface Declared {
  key: Record<string, boolean>;
  default: Record<string, unknown>;
  choices: Record<string, unknown[]>;
  number: string[];
  boolean: string[];
}

/** The flags a command's builder declares, as yargs keeps them. */
function declared(command: CommandModule<object, never>): Declared {
  const y = yargs([]);
  (command.builder as (y: Argv) => Argv)(y);
  // getOptions is yargs' own, not in its type declarations
  return (y as unknown as { getOptions(): Declared }).getOptions();
}

const spec = (name: OptionName): OptionSpec => FACTORIZE_OPTIONS[name];

test('every option has a description and a default that passes its own rule', (t) => {
  for (const name of OPTION_NAMES) {
    const s = spec(name);
    t.true(s.describe.length > 10, `${name} has a description`);
    if (s.default !== undefined)
      t.true(
        satisfies(s, s.default),
        `${name}'s default ${s.default} is ` +
          `${s.type === 'integer' || s.type === 'number' ? ruleText(s) : 'one of its choices'}`,
      );
    // an option with no default says what happens instead
    else t.truthy(s.defaultNote ?? (name === 'k' ? 'required' : undefined), `${name} has neither a default nor a note`);
  }
});

const fitting = { topics: topicsCommand, images: imagesCommand, factorize: factorizeCommand } as const;

for (const [command, module] of Object.entries(fitting)) {
  test(`${command}: every option of the table is a flag with the table's type, default and choices`, (t) => {
    const d = declared(module as CommandModule<object, never>);
    for (const name of OPTION_NAMES) {
      const flag = kebabName(name),
        s = spec(name);
      t.true(d.key[flag], `${command} has --${flag}`);
      if (name !== 'k') t.is(d.default[flag], s.default, `--${flag}'s default`);
      if (s.type === 'choice') t.deepEqual(d.choices[flag], [...s.choices], `--${flag}'s choices`);
      if (s.type === 'boolean') t.true(d.boolean.includes(flag), `--${flag} is a boolean`);
      if (s.type === 'integer' || s.type === 'number') t.true(d.number.includes(flag), `--${flag} is a number`);
    }
  });
}

test("transform takes the run options (device and iterations) as flags, and none of the model's", (t) => {
  const d = declared(transformCommand as CommandModule<object, never>);
  const run = optionsOfRole('run');
  t.deepEqual(run, ['seed', 'maxIter', 'tol', 'checkEvery', 'timeLimit', 'device']);
  for (const name of OPTION_NAMES)
    t.is(Boolean(d.key[kebabName(name)]), run.includes(name), `transform --${kebabName(name)}`);
  t.is(d.default.device, 'auto');
});

test('the rules read as people write them', (t) => {
  t.is(ruleText(FACTORIZE_OPTIONS.maxIter), 'a whole number ≥ 1');
  t.is(ruleText(FACTORIZE_OPTIONS.tol), 'in [0, 1)');
  t.is(ruleText(FACTORIZE_OPTIONS.lr), 'a number > 0');
  t.is(ruleText(FACTORIZE_OPTIONS.lrDecay), 'in (0, 1]');
  t.false(satisfies(FACTORIZE_OPTIONS.lrDecay, 0));
  t.true(satisfies(FACTORIZE_OPTIONS.lrDecay, 1));
  t.false(satisfies(FACTORIZE_OPTIONS.restarts, 1.5));
  t.false(satisfies(FACTORIZE_OPTIONS.tol, Number.NaN));
});
