import { checkFlags, ParsedArgs } from '../cli/args';
import { guardConfigOrExit, startGuard } from './guard-runner';

/** `neuronexus guard`: the ops guard in the foreground until SIGINT/SIGTERM. */
export async function guardCommand(args: ParsedArgs): Promise<number> {
  checkFlags(args, []);
  const running = startGuard(guardConfigOrExit());
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(resolve));
  });
  return 0;
}
