import { createHash } from 'node:crypto';
import { CsrMatrix } from './csr-matrix';
import { RankingMetrics } from './ranking-metrics';
import { ItemItemHyperparameters, SequentialItemItemModel } from './sequential-item-item.model';

export const RECOMMENDATION_ARTIFACT_FORMAT = 'mirrorfit-sequential-item-item';
/** Bumped when the stored layout changes; loaders refuse other versions instead of mis-reading them. */
export const RECOMMENDATION_ARTIFACT_FORMAT_VERSION = 1;

/** A sparse matrix with its arrays as little-endian base64 (what `Buffer` writes on every platform Node runs on). */
export interface EncodedCsr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: string;
  readonly indices: string;
  readonly values: string;
}

/**
 * A stored, versioned recommendation model with the figures it was judged by. The server loads it
 * once at start-up and maps its product ids to item indices through `itemIds`.
 */
export interface RecommendationArtifact {
  readonly format: typeof RECOMMENDATION_ARTIFACT_FORMAT;
  readonly formatVersion: number;
  /** Content hash of the fitted parts: two artifacts with the same version score identically. */
  readonly modelVersion: string;
  readonly trainedAt: string;
  readonly itemCount: number;
  /** `itemIds[i]` is the catalogue id of item index `i`, when the trainer knew them. */
  readonly itemIds?: readonly string[];
  readonly hyperparameters: ItemItemHyperparameters;
  readonly scales: { readonly ease: number; readonly transitions: number };
  /** Data sizes, timings and anything else the training run wants to keep. */
  readonly training: Readonly<Record<string, number | string>>;
  /** Offline metrics by split position (e.g. `validation`, `test`). */
  readonly metrics: Readonly<Record<string, RankingMetrics>>;
  readonly popularity: string;
  readonly ease: EncodedCsr;
  readonly transitions: EncodedCsr;
}

/** What the trainer adds beside the fitted model. */
export interface ArtifactDetails {
  readonly trainedAt?: string;
  readonly itemIds?: readonly string[];
  readonly training?: Readonly<Record<string, number | string>>;
  readonly metrics?: Readonly<Record<string, RankingMetrics>>;
}

function toBase64(array: Int32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Int32Array | Float32Array>(text: string, make: (buffer: ArrayBuffer, length: number) => T): T {
  const bytes = Buffer.from(text, 'base64');
  // Copy into a fresh, aligned buffer: Buffer's pooled memory may start at any byte offset.
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy, bytes.byteLength / 4);
}

const int32 = (text: string): Int32Array => fromBase64(text, (b, n) => new Int32Array(b, 0, n));
const float32 = (text: string): Float32Array => fromBase64(text, (b, n) => new Float32Array(b, 0, n));

function encodeCsr(matrix: CsrMatrix): EncodedCsr {
  return {
    rows: matrix.rows,
    cols: matrix.cols,
    indptr: toBase64(matrix.indptr),
    indices: toBase64(matrix.indices),
    values: toBase64(matrix.values),
  };
}

function decodeCsr(encoded: EncodedCsr, name: string): CsrMatrix {
  const matrix = {
    rows: encoded.rows,
    cols: encoded.cols,
    indptr: int32(encoded.indptr),
    indices: int32(encoded.indices),
    values: float32(encoded.values),
  };
  const entries = matrix.indptr[matrix.rows];
  if (matrix.indptr.length !== matrix.rows + 1 || matrix.indices.length !== entries || matrix.values.length !== entries) {
    throw new Error(`recommendation artifact: matrix "${name}" is inconsistent`);
  }
  return matrix;
}

/** Packs a fitted model and its details into an artifact. */
export function toArtifact(model: SequentialItemItemModel, details: ArtifactDetails = {}): RecommendationArtifact {
  const { state } = model;
  const ease = encodeCsr(state.ease);
  const transitions = encodeCsr(state.transitions);
  const popularity = toBase64(state.popularity);
  const hash = createHash('sha256');
  hash.update(JSON.stringify([state.hyperparameters, state.easeScale, state.transitionScale]));
  for (const part of [popularity, ease.indptr, ease.indices, ease.values, transitions.indptr, transitions.indices, transitions.values]) hash.update(part);
  if (details.itemIds && details.itemIds.length !== state.itemCount) throw new Error('itemIds must name every item');
  return {
    format: RECOMMENDATION_ARTIFACT_FORMAT,
    formatVersion: RECOMMENDATION_ARTIFACT_FORMAT_VERSION,
    modelVersion: `sii-${hash.digest('hex').slice(0, 12)}`,
    trainedAt: details.trainedAt ?? new Date().toISOString(),
    itemCount: state.itemCount,
    itemIds: details.itemIds,
    hyperparameters: state.hyperparameters,
    scales: { ease: state.easeScale, transitions: state.transitionScale },
    training: details.training ?? {},
    metrics: details.metrics ?? {},
    popularity,
    ease,
    transitions,
  };
}

/** Rebuilds the model an artifact was made from; it scores exactly as the original did. */
export function fromArtifact(artifact: RecommendationArtifact): SequentialItemItemModel {
  if (artifact.format !== RECOMMENDATION_ARTIFACT_FORMAT) throw new Error(`not a recommendation artifact (format "${String(artifact.format)}")`);
  if (artifact.formatVersion !== RECOMMENDATION_ARTIFACT_FORMAT_VERSION) {
    throw new Error(`recommendation artifact format version ${artifact.formatVersion} is not supported (expected ${RECOMMENDATION_ARTIFACT_FORMAT_VERSION})`);
  }
  return new SequentialItemItemModel({
    itemCount: artifact.itemCount,
    hyperparameters: artifact.hyperparameters,
    ease: decodeCsr(artifact.ease, 'ease'),
    transitions: decodeCsr(artifact.transitions, 'transitions'),
    popularity: float32(artifact.popularity),
    easeScale: artifact.scales.ease,
    transitionScale: artifact.scales.transitions,
  });
}

/** The artifact as JSON text, for a file or a blob store. */
export function serializeArtifact(artifact: RecommendationArtifact): string {
  return JSON.stringify(artifact);
}

/** Parses {@link serializeArtifact}'s output; throws on anything that is not a supported artifact. */
export function parseArtifact(text: string): RecommendationArtifact {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== RECOMMENDATION_ARTIFACT_FORMAT) {
    throw new Error('not a recommendation artifact');
  }
  return parsed as RecommendationArtifact;
}
