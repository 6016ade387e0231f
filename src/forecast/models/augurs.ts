/**
 * Loads the `@bsull/augurs` WASM submodules once per process.
 *
 * @bsull/augurs is ESM built for wasm-bindgen's *web* target: its default init fetches the .wasm
 * by URL, which Node cannot do for file URLs. So each submodule is loaded with a real dynamic
 * `import()` (kept as is by tsc module node16 and by swc `ignoreDynamic`) and initialised
 * synchronously with the bytes of its `<name>_bg.wasm`, found next to the module file.
 * Under jest this needs NODE_OPTIONS=--experimental-vm-modules.
 *
 * Usage: `await loadAugurs()` once at start-up (idempotent; loads ETS, MSTL and Prophet), then
 * the sync accessors.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type * as EtsModule from '@bsull/augurs/ets' with { 'resolution-mode': 'import' };
import type * as MstlModule from '@bsull/augurs/mstl' with { 'resolution-mode': 'import' };
import type * as ProphetModule from '@bsull/augurs/prophet' with { 'resolution-mode': 'import' };

export type AugursEts = typeof EtsModule;
export type AugursMstl = typeof MstlModule;
export type AugursProphet = typeof ProphetModule;

interface LoadedAugurs {
  ets: AugursEts;
  mstl: AugursMstl;
}

let loaded: LoadedAugurs | undefined;
let loading: Promise<LoadedAugurs> | undefined;
let prophetLoaded: { prophet: AugursProphet; optimizer: unknown } | undefined;
let prophetLoading: Promise<{ prophet: AugursProphet; optimizer: unknown }> | undefined;

// A real import(): tsc (module node16) and swc (ignoreDynamic) both leave it as is.
function importEsm(specifier: string): Promise<unknown> {
  return import(specifier);
}

function wasmBytesOf(submodule: string): Buffer {
  const modulePath = require.resolve(`@bsull/augurs/${submodule}`);
  return readFileSync(path.join(path.dirname(modulePath), `${submodule}_bg.wasm`));
}

async function loadSubmodule<T extends { initSync(m: { module: Uint8Array }): unknown }>(
  submodule: string,
): Promise<T> {
  const mod = (await importEsm(`@bsull/augurs/${submodule}`)) as T;
  mod.initSync({ module: wasmBytesOf(submodule) });
  return mod;
}

let prophetLoadError: unknown;

/**
 * Loads and initialises the ETS and MSTL submodules (required: throws if they fail), then tries
 * Prophet and its optimizer (~0.1 s); a Prophet failure is remembered and reported by the Prophet
 * model when it is used, so ETS keeps working. Safe to call many times.
 */
export async function loadAugurs(): Promise<void> {
  if (!loaded) {
    loading ??= (async () => ({
      ets: await loadSubmodule<AugursEts>('ets'),
      mstl: await loadSubmodule<AugursMstl>('mstl'),
    }))();
    try {
      loaded = await loading;
    } catch (error) {
      loading = undefined;
      throw error;
    }
  }
  if (!prophetLoaded && prophetLoadError === undefined) {
    try {
      await loadAugursProphet();
    } catch (error) {
      prophetLoadError = error;
    }
  }
}

export function isAugursLoaded(): boolean {
  return loaded !== undefined;
}

function requireLoaded(what: string): LoadedAugurs {
  if (!loaded) {
    throw new Error(`${what} needs @bsull/augurs: call and await loadAugurs() once before fitting`);
  }
  return loaded;
}

export function augursEts(): AugursEts {
  return requireLoaded('ETS').ets;
}

export function augursMstl(): AugursMstl {
  return requireLoaded('MSTL').mstl;
}

/**
 * Loads the Prophet submodule and the Stan optimizer from `@bsull/augurs-prophet-wasmstan`
 * (which uses top-level await, hence a dynamic import too). `loadAugurs()` calls it; it throws
 * where `loadAugurs()` only remembers the failure.
 */
export async function loadAugursProphet(): Promise<void> {
  if (prophetLoaded) return;
  prophetLoading ??= (async () => {
    const prophet = await loadSubmodule<AugursProphet>('prophet');
    const wasmstan = (await importEsm('@bsull/augurs-prophet-wasmstan')) as { optimizer: unknown };
    return { prophet, optimizer: wasmstan.optimizer };
  })();
  try {
    prophetLoaded = await prophetLoading;
  } catch (error) {
    prophetLoading = undefined;
    throw error;
  }
}

export function isAugursProphetLoaded(): boolean {
  return prophetLoaded !== undefined;
}

export function augursProphet(): { prophet: AugursProphet; optimizer: unknown } {
  if (!prophetLoaded) {
    const reason = prophetLoadError === undefined ? '' : ` (loading it failed: ${String(prophetLoadError)})`;
    throw new Error(`Prophet needs @bsull/augurs: call and await loadAugurs() once before fitting${reason}`);
  }
  return prophetLoaded;
}
