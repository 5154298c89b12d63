/// <reference types="vite/client" />

/** The @vladmandic/human version whose models are copied into the build (vite.config.ts). */
declare const __HUMAN_VERSION__: string;
/** The @tensorflow/tfjs-backend-wasm version whose binaries are copied into the build. */
declare const __TFJS_WASM_VERSION__: string;
