import * as tf from '@tensorflow/tfjs';

let selected: Promise<string> | undefined;

/**
 * Picks the fastest TF.js backend available, once per process.
 *
 * `@tensorflow/tfjs-node` is used only when it happens to be installed (its install step downloads
 * libtensorflow from outside the npm registry, which fails on many machines); otherwise the WASM
 * backend, measured at ~45x the plain JS backend for matmul on 2 cores.
 */
export function initTensorflow(preferred?: 'wasm' | 'cpu' | 'tensorflow'): Promise<string> {
  if (!selected) selected = select(preferred);
  return selected;
}

async function select(preferred?: string): Promise<string> {
  if (preferred === undefined || preferred === 'tensorflow') {
    try {
      // Optional dependency: a plain require so that bundlers and tsc do not insist on it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return ready();
    } catch {
      // not installed: fall through to WASM
    }
  }
  if (preferred !== 'cpu') {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) return ready();
  }
  await tf.setBackend('cpu');
  return ready();
}

async function ready(): Promise<string> {
  await tf.ready();
  return tf.getBackend();
}

export { tf };
