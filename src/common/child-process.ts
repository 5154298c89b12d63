import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Starts a node script and resolves when its output matches `ready`, with everything it printed so
 * far. BENCH_CHILD_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") passes flags to the child,
 * for profiling servers under load; BENCH_CHILD_LOG=FILE appends everything the child prints to FILE
 * (e.g. with "--trace-gc").
 */
export function startChild(script: string, env: Record<string, string>, ready: RegExp, timeoutMs = 60_000, nodeFlags: readonly string[] = []): Promise<{ process: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const nodeArgs = [...nodeFlags, ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const log = process.env.BENCH_CHILD_LOG ? createWriteStream(process.env.BENCH_CHILD_LOG, { flags: 'a' }) : null;
    if (log) {
      child.stdout!.pipe(log);
      child.stderr!.pipe(log);
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not become ready:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ process: child, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
