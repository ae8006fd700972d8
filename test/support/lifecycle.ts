/**
 * One owner for signals.
 *
 * The support modules (natsServer, vscodeServer) register what must not outlive this process with
 * `atExit`: synchronous last-resort steps (kill by PID or process group, remove a folder). They
 * never call `process.exit` themselves. A program with its own orderly shutdown (the sandbox, the
 * extension-test runner) claims SIGINT, SIGTERM and SIGHUP with `ownSignals`; its handler runs its
 * cleanup and then exits, and the registered steps still run at exit for whatever is left. Where no
 * program has claimed the signals (mocha's server tier), a signal runs the steps and exits with
 * 128 + the signal's number, as the shell would report it.
 */
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type OwnedSignal = keyof typeof SIGNALS;

/** The exit code a shell reports for a process ended by `signal`. */
export function signalExitCode(signal: OwnedSignal): number {
  return 128 + SIGNALS[signal];
}

const steps: (() => void)[] = [];
let owner: ((signal: OwnedSignal) => void) | undefined;
let installed = false;

/** Runs the registered steps, last registered first; a failing step does not stop the others. */
function runSteps(): void {
  for (const step of steps.splice(0).reverse()) {
    try {
      step();
    } catch {
      /* the rest still run */
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runSteps);
  for (const signal of Object.keys(SIGNALS) as OwnedSignal[]) {
    process.on(signal, () => {
      if (owner) return owner(signal);
      runSteps();
      process.exit(signalExitCode(signal));
    });
  }
}

/**
 * Registers a synchronous step that runs when this process exits, or on a signal nobody owns.
 * Returns a function that unregisters it (call it once the resource is released in order).
 */
export function atExit(step: () => void): () => void {
  install();
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

/**
 * Makes `handler` the one owner of SIGINT, SIGTERM and SIGHUP: it is called instead of the default
 * (which exits at once). The handler ends the process itself, after its cleanup. Returns a
 * function that gives the signals back.
 */
export function ownSignals(handler: (signal: OwnedSignal) => void): () => void {
  if (owner) throw new Error('the signals already have an owner in this process');
  install();
  owner = handler;
  return () => {
    if (owner === handler) owner = undefined;
  };
}
