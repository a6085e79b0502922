/**
 * Option parsers shared by commands, so that every command validates the same way.
 */
import { InvalidArgumentError, Option } from 'commander';
import { VigilError } from '../core/errors.js';

export function formatOption(choices: readonly string[], defaultValue: string): Option {
  return new Option('--format <format>', `output format`).choices(choices).default(defaultValue);
}

export function positiveInt(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    return n;
  };
}

/** Collects a repeatable option, also splitting comma lists: `--kind role --kind human,group`. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/** Checks values of a list option against the allowed ones. */
export function checkChoices(
  values: string[] | undefined,
  allowed: readonly string[],
  option: string,
): string[] | undefined {
  if (values === undefined) return undefined;
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length > 0) {
    throw new VigilError(
      'USAGE',
      `${option}: unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}; expected one of ${allowed.join(', ')}`,
    );
  }
  return values;
}
