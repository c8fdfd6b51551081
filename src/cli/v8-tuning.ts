import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past what survived its last full collection, in percent. By default it
 * grows up to four times when collections are quick, which they are here: on 10,000 files the main
 * thread kept about 430 MB live while both threads' heaps swelled to 900 MB between collections, and
 * the run peaked at 1.9–2.7 GB. Growing by 25% keeps each heap near what is live, for more, mostly
 * concurrent, collections: that run peaked at 840–880 MiB in three runs (at 40%: 910–1,090 MiB over
 * five, over 1 GiB twice), for CPU within the runs' noise.
 */
const HEAP_GROWING_PERCENT = 25;

/**
 * How much bytecode a function runs before V8 considers optimising it (default 67,584). The analysis
 * is many small functions over AST nodes of every kind, so early optimisations see little of the
 * shapes they will meet, are thrown away and redone: with the default, optimising compilers took
 * about a quarter of each thread's CPU. Waiting about 15 times longer optimises the truly hot
 * functions once, with settled feedback: 12–25% less wall time on 2,400 package files and on a
 * 1,700-file app, none lost on small projects.
 */
const INTERRUPT_BUDGET = 1_000_000;

/**
 * For the audit process (the CLI owns it): every thread, workers included, since V8 flags are per
 * process. Setting them again changes nothing.
 */
export function tuneV8ForAudit(): void {
  const flags = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--interrupt-budget=${INTERRUPT_BUDGET}`];
  for (const flag of flags) setFlagsFromString(flag);
  // V8 refuses code cached under other flags: worker threads, which inherit the environment, name
  // their compiler cache after these (code-cache.cts), apart from threads that run untuned.
  process.env.AGENT_AUDIT_V8_FLAGS = flags.join(' ');
}
