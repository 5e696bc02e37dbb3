export interface ChaosArgs {
  short: boolean;
  /** Scenario names to run (all when empty). */
  only: string[];
  help: boolean;
}

export class ChaosArgsError extends Error {}

export function parseChaosArgs(argv: string[]): ChaosArgs {
  const args: ChaosArgs = { short: false, only: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--short') args.short = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--only') {
      const value = argv[++i];
      if (!value) throw new ChaosArgsError('--only needs a comma list of scenario names');
      args.only.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
    } else if (a.startsWith('--only=')) args.only.push(...a.slice('--only='.length).split(',').map((s) => s.trim()).filter(Boolean));
    else throw new ChaosArgsError(`unknown argument ${a}`);
  }
  return args;
}
