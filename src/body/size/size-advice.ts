import { SeededRandom } from '../../common/random';
import { FIT_EASE_CM as CATALOG_FIT_EASE_CM } from '../../catalog/fit-ease';
import { BODY_RANGES_CM, PROFILE_KEYS } from '../body-profile.data';
import type { BodyProfileData, Measured } from '../body-profile.data';
import { SIZE_CHART_KEYS, SizeChartKey } from '../../catalog/size-chart.entity';
import type { SizeChartRow as SizeChartRowData } from '../../catalog/size-chart.entity';
import type { GarmentMeasurements as GarmentMeasurementsData } from '../../catalog/variant.entity';

/*
 * Size advice in the manner of EN 13402-3: a size is an interval of body dimensions, and the body
 * is compared with each size's intervals. The body is known only to within its sigma, so the
 * choice is made over 400 seeded draws from the body's distribution: the recommendation is the
 * size with the least expected misfit, the confidence the share of draws whose own best size it
 * is, times the chance that the body lies within half a size of that size's intervals at all (so
 * that a body past the chart's ends, or between sizes that cover none of it, is never advised with
 * confidence). Fit per region then compares the garment (catalogue measurements, or the chart plus
 * the fit type's ease) with the body.
 */

export type FitRegion = 'CHEST' | 'WAIST' | 'HIP' | 'LENGTH' | 'SLEEVE' | 'INSEAM' | 'FOOT';
export type FitVerdict = 'TIGHT' | 'SNUG' | 'REGULAR' | 'LOOSE';
export type GarmentTypeName = 'TOP' | 'BOTTOM' | 'OUTERWEAR' | 'SHOES';
export type FitTypeName = 'SLIM' | 'REGULAR' | 'RELAXED';

/** The body and chart shapes are the ones stored by the body and catalogue features. */
export type { BodyProfileData, Measured } from '../body-profile.data';
export type { SizeChartRow as SizeChartRowData } from '../../catalog/size-chart.entity';
export type { GarmentMeasurements as GarmentMeasurementsData } from '../../catalog/variant.entity';
export interface SizeAdviceInput {
  profile: BodyProfileData;
  garmentType: GarmentTypeName;
  fitType: FitTypeName;
  /** In size order. */
  chart: SizeChartRowData[];
  /** Garment measurements per size label when the catalogue has them. */
  garments?: Record<string, GarmentMeasurementsData>;
  /** A size of this brand and garment type the customer bought and kept before. */
  keptSize?: { size: string; brand: string } | null;
  /** Sizes the catalogue actually offers for this product (others are never recommended). */
  offeredSizes: string[];
}
export interface RegionFit {
  region: FitRegion;
  verdict: FitVerdict;
  /** Garment minus body (ease) for girths and the foot; for lengths garment minus body length; signed, cm. */
  differenceCm: number;
}
export interface SizeAdviceData {
  size: string;
  /** 0..1 */
  confidence: number;
  alternativeSize: string | null;
  fit: RegionFit[];
  /** One line. */
  reason: string;
  usedKeptSize: boolean;
}

/** Thrown for malformed input (not for a body that fits no size well); `field` is a dot path. */
export class SizeAdviceInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SizeAdviceInputError';
  }
}

/**
 * Ease over the body per fit type, cm of girth. The catalogue's own table (the demo catalogue
 * generates garment measurements with it), re-exported so that the two cannot drift apart.
 */
export const FIT_EASE_CM: Record<FitTypeName, number> = CATALOG_FIT_EASE_CM;
/** Outerwear is cut to go over a layer: this much more girth ease (as the demo catalogue does). */
export const OUTERWEAR_EXTRA_EASE_CM = 6;

/** Number of draws from the body's distribution (antithetic pairs), and the default seed. */
export const SIZE_DRAWS = 400;
export const DEFAULT_SIZE_SEED = 13402;
/** A size picked by at least this share of draws is a non-trivial candidate (kept size, alternative). */
export const KEPT_SIZE_MIN_SHARE = 0.15;
/**
 * A kept size also informs a scan that is sure of the next size when its mean misfit is within this
 * much of the recommendation's (in size widths: an eighth of a size, 1 cm of a top's chest).
 */
export const KEPT_SIZE_MARGIN = 0.125;
export const ALTERNATIVE_MIN_SHARE = 0.05;
/** Below this confidence the reason says which two sizes the body is between. */
export const CLOSE_CALL_CONFIDENCE = 0.7;
/** Confidence with an agreeing kept size: share + KEPT_SIZE_BOOST x (1 - share). */
export const KEPT_SIZE_BOOST = 0.25;

/**
 * A size misfits a dimension when the body lies outside its interval by more than this many of the
 * chart's typical interval widths: half a size, about where a girth's verdict turns from snug to tight.
 */
export const MISFIT_TOLERANCE_SIZES = 0.5;

/** Top length that suits a body, as a fraction of height (demo catalogue: 72 cm for M on 178 cm men, 64 cm on 164 cm women). */
export const TOP_LENGTH_PER_HEIGHT = 0.4;
/** Sleeve outseam over stature, ANSUR II median (0.337 M, 0.333 F); used when the catalogue has no sleeve length. */
export const SLEEVE_PER_HEIGHT = 0.335;
/** A sleeve is cut this much longer than the arm's outseam so that it reaches past the wrist. */
export const SLEEVE_ALLOWANCE_CM = 4;
/** Shoe inner length over foot length when the catalogue has no inner length (the Paris-point last allowance). */
export const SHOE_ALLOWANCE_MM = 15;

/**
 * Verdict thresholds [TIGHT below, SNUG below, REGULAR below] of garment minus body; LOOSE above.
 * Fixed per garment type and region, and garments grow with size, so a bigger size is never given
 * a tighter verdict than a smaller one. At the middle of a size the demo catalogue's garments read
 * SLIM -> SNUG, REGULAR -> REGULAR, RELAXED -> LOOSE (waistbands: SNUG, REGULAR, REGULAR).
 * - Girths (cm): 0 / 6 / 14; outerwear +6, being worn over a layer.
 * - Bottoms' waist (cm): -2 / 2 / 6: a waistband sits close to the body and stretches a little.
 * - Top length (cm, against 0.40 x height): -4 / -1 / 4 ("short", "a little short", "right", "long").
 * - Sleeve (cm, against the arm's outseam): 0 / 2 / 7.
 * - Inseam (cm, against the body's inseam): -5 / -2 / 3.
 * - Foot (inner length over the foot): 5 / 10 / 20 mm, written in cm like every threshold.
 */
export function verdictThresholds(garmentType: GarmentTypeName, region: FitRegion): [number, number, number] {
  switch (region) {
    case 'CHEST':
    case 'HIP':
      return garmentType === 'OUTERWEAR' ? [6, 12, 20] : [0, 6, 14];
    case 'WAIST':
      if (garmentType === 'BOTTOM') return [-2, 2, 6];
      return garmentType === 'OUTERWEAR' ? [6, 12, 20] : [0, 6, 14];
    case 'LENGTH':
      return [-4, -1, 4];
    case 'SLEEVE':
      return [0, 2, 7];
    case 'INSEAM':
      return [-5, -2, 3];
    case 'FOOT':
      return [0.5, 1, 2];
  }
}

/**
 * Girth ease of a garment over the body (cm) when the catalogue has no garment measurements:
 * the fit type's ease, more for outerwear; bottoms' waistbands a quarter of it (rounded), as
 * the demo catalogue builds them.
 */
export function garmentEaseCm(garmentType: GarmentTypeName, fitType: FitTypeName, region: 'CHEST' | 'WAIST' | 'HIP'): number {
  const ease = FIT_EASE_CM[fitType];
  if (garmentType === 'BOTTOM') return region === 'WAIST' ? Math.round(ease / 4) : ease;
  return ease + (garmentType === 'OUTERWEAR' ? OUTERWEAR_EXTRA_EASE_CM : 0);
}

// ---------------------------------------------------------------------------------------------
// Dimensions and scoring
// ---------------------------------------------------------------------------------------------

type ChartKey = SizeChartKey;
interface Dimension {
  key: ChartKey;
  /** Body value in the chart's unit (cm; mm for the foot). */
  value: number;
  sigma: number;
  weight: number;
  /** Common normaliser for every size (median interval width): keeps the choice monotone in each dimension. */
  scale: number;
  label: string;
}

/** Which body dimensions choose the size, by garment type, and how much each counts. */
const SIZE_WEIGHTS: Record<GarmentTypeName, Partial<Record<ChartKey, number>>> = {
  TOP: { chestCm: 1, waistCm: 0.5, heightCm: 0.25 },
  OUTERWEAR: { chestCm: 1, waistCm: 0.5, heightCm: 0.25 },
  BOTTOM: { waistCm: 1, hipCm: 1, inseamCm: 0.25 },
  SHOES: { footLengthMm: 1 },
};
const DIM_LABEL: Record<ChartKey, string> = {
  chestCm: 'chest',
  waistCm: 'waist',
  hipCm: 'hip',
  heightCm: 'height',
  inseamCm: 'inseam',
  footLengthMm: 'foot length',
};
/** Within-interval tie-break: how much distance from the interval's centre counts against a size. */
const CENTRE_WEIGHT = 0.01;

/**
 * Where a chart's intervals must lie, in its unit: the body ranges we measure (`BODY_RANGES_CM`)
 * with a quarter to spare. A chart outside them was entered in another unit (a shoe chart in cm, a
 * chest in inches), and advice from it would be nonsense with full confidence.
 */
const CHART_RANGE_SLACK = 0.25;
const CHART_RANGES: Record<ChartKey, [number, number]> = (() => {
  const from = ([lo, hi]: readonly [number, number], unit = 1): [number, number] => [lo * (1 - CHART_RANGE_SLACK) * unit, hi * (1 + CHART_RANGE_SLACK) * unit];
  return {
    chestCm: from(BODY_RANGES_CM.chestCm),
    waistCm: from(BODY_RANGES_CM.waistCm),
    hipCm: from(BODY_RANGES_CM.hipCm),
    heightCm: from(BODY_RANGES_CM.heightCm),
    inseamCm: from(BODY_RANGES_CM.inseamCm),
    footLengthMm: from(BODY_RANGES_CM.footLengthCm, 10),
  };
})();

function bodyValue(profile: BodyProfileData, key: ChartKey): Measured {
  switch (key) {
    case 'chestCm':
      return profile.chestCm;
    case 'waistCm':
      return profile.waistCm;
    case 'hipCm':
      return profile.hipCm;
    case 'heightCm':
      return profile.heightCm;
    case 'inseamCm':
      return profile.inseamCm;
    case 'footLengthMm':
      return { valueCm: profile.footLengthCm.valueCm * 10, sigmaCm: profile.footLengthCm.sigmaCm * 10 };
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mid = ([lo, hi]: [number, number]): number => (lo + hi) / 2;
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One dimension's part of a size's misfit: weighted normalised distance to the interval (0 inside), plus a small pull to the centre. */
function misfitTerm([lo, hi]: [number, number], d: Dimension, v: number): number {
  const outside = v < lo ? lo - v : v > hi ? v - hi : 0;
  return (d.weight * (outside + CENTRE_WEIGHT * Math.abs(v - (lo + hi) / 2))) / d.scale;
}

/** Misfit of one size for one body: the sum of its dimensions' terms. */
function misfit(row: SizeChartRowData, dims: Dimension[], values: number[]): number {
  let score = 0;
  for (let d = 0; d < dims.length; d++) score += misfitTerm(row[dims[d].key] as [number, number], dims[d], values[d]);
  return score;
}

/** Standard normal CDF (erfc after Numerical Recipes, fractional error under 1.2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * The chance that a size can fit at all: per dimension, the probability that the body (known to
 * within its sigma) lies within tolerance of the size's interval; a dimension's shortfall counts in
 * proportion to its weight, so a size missed by the chest keeps no confidence, one missed only by
 * the waist of a top half of it.
 */
function fitChance(row: SizeChartRowData, dims: Dimension[]): number {
  const heaviest = Math.max(...dims.map((d) => d.weight));
  let chance = 1;
  for (const d of dims) {
    const [lo, hi] = row[d.key] as [number, number];
    const tolerance = MISFIT_TOLERANCE_SIZES * d.scale;
    const within =
      d.sigma > 0
        ? normalCdf((hi + tolerance - d.value) / d.sigma) - normalCdf((lo - tolerance - d.value) / d.sigma)
        : d.value >= lo - tolerance && d.value <= hi + tolerance
          ? 1
          : 0;
    chance *= 1 - (d.weight / heaviest) * (1 - within);
  }
  return chance;
}

/** The dimension the body misses a size by most (beyond tolerance, weighted), and on which side; null when the size fits. */
function worstMisfit(row: SizeChartRowData, dims: Dimension[]): { dim: Dimension; direction: 1 | -1 } | null {
  let worst: { dim: Dimension; direction: 1 | -1 } | null = null;
  let worstScore = 0;
  for (const d of dims) {
    const [lo, hi] = row[d.key] as [number, number];
    const tolerance = MISFIT_TOLERANCE_SIZES * d.scale;
    const beyond = d.value > hi + tolerance ? d.value - hi : d.value < lo - tolerance ? lo - d.value : 0;
    const score = (d.weight * beyond) / d.scale;
    if (score > worstScore) {
      worst = { dim: d, direction: d.value > hi ? 1 : -1 };
      worstScore = score;
    }
  }
  return worst;
}

/** Index of the lowest score; near-ties go to the larger size (more room is the safer error). */
function argminLargest(scores: number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] <= scores[best] + 1e-9) best = i;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const sameSize = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

function validate(input: SizeAdviceInput): void {
  if (!input || typeof input !== 'object') throw new SizeAdviceInputError('', 'input must be an object');
  if (!(input.garmentType in SIZE_WEIGHTS)) throw new SizeAdviceInputError('garmentType', `unknown garment type ${String(input.garmentType)}`);
  if (!(input.fitType in FIT_EASE_CM)) throw new SizeAdviceInputError('fitType', `unknown fit type ${String(input.fitType)}`);
  for (const key of PROFILE_KEYS) {
    const m = input.profile?.[key];
    if (!m || !isFiniteNumber(m.valueCm) || m.valueCm < 0) throw new SizeAdviceInputError(`profile.${key}.valueCm`, `${key} must be a non-negative number`);
    if (!isFiniteNumber(m.sigmaCm) || m.sigmaCm < 0) throw new SizeAdviceInputError(`profile.${key}.sigmaCm`, `${key} sigma must be a non-negative number`);
  }
  if (!Array.isArray(input.chart) || input.chart.length === 0) throw new SizeAdviceInputError('chart', 'the size chart has no rows');
  const labels = new Set<string>();
  input.chart.forEach((row, i) => {
    if (!row || typeof row.size !== 'string' || !row.size.trim()) throw new SizeAdviceInputError(`chart[${i}].size`, 'a chart row needs a size label');
    const label = row.size.trim().toUpperCase();
    if (labels.has(label)) throw new SizeAdviceInputError(`chart[${i}].size`, `size ${row.size} appears twice in the chart`);
    labels.add(label);
    for (const key of SIZE_CHART_KEYS) {
      const interval = row[key];
      if (interval === undefined || interval === null) continue;
      if (!Array.isArray(interval) || interval.length !== 2 || !isFiniteNumber(interval[0]) || !isFiniteNumber(interval[1]) || interval[0] > interval[1]) {
        throw new SizeAdviceInputError(`chart[${i}].${key}`, `${key} must be an interval [low, high]`);
      }
      const [lo, hi] = CHART_RANGES[key];
      if (interval[0] < lo || interval[1] > hi) {
        const unit = key === 'footLengthMm' ? 'mm' : 'cm';
        throw new SizeAdviceInputError(`chart[${i}].${key}`, `${key} of size ${row.size} (${interval[0]}..${interval[1]}) is not a body ${DIM_LABEL[key]} in ${unit} (expected within ${round(lo, 1)}..${round(hi, 1)})`);
      }
    }
  });
  if (!Array.isArray(input.offeredSizes)) throw new SizeAdviceInputError('offeredSizes', 'offeredSizes must be a list');
}

// ---------------------------------------------------------------------------------------------
// Fit per region
// ---------------------------------------------------------------------------------------------

const REGIONS: Record<GarmentTypeName, FitRegion[]> = {
  TOP: ['CHEST', 'WAIST', 'LENGTH', 'SLEEVE'],
  OUTERWEAR: ['CHEST', 'WAIST', 'LENGTH', 'SLEEVE'],
  BOTTOM: ['WAIST', 'HIP', 'INSEAM'],
  SHOES: ['FOOT'],
};

function verdictOf(difference: number, [tight, snug, regular]: [number, number, number]): FitVerdict {
  if (difference < tight) return 'TIGHT';
  if (difference < snug) return 'SNUG';
  if (difference < regular) return 'REGULAR';
  return 'LOOSE';
}

function findRow(chart: SizeChartRowData[], size: string): SizeChartRowData | undefined {
  return chart.find((r) => sameSize(r.size, size));
}

function findGarment(garments: SizeAdviceInput['garments'], size: string): GarmentMeasurementsData | undefined {
  if (!garments) return undefined;
  const key = Object.keys(garments).find((k) => sameSize(k, size));
  return key === undefined ? undefined : garments[key];
}

/**
 * Fit of one size, region by region, for the regions that apply to the garment type and can be
 * evaluated (a catalogue measurement, or a chart interval to estimate one from).
 */
export function regionFits(input: SizeAdviceInput, size: string): RegionFit[] {
  const { profile, garmentType, fitType } = input;
  const row = findRow(input.chart, size);
  const garment = findGarment(input.garments, size) ?? {};
  const fits: RegionFit[] = [];
  const push = (region: FitRegion, garmentValue: number | undefined, bodyValue: number, unitToCm = 1) => {
    if (garmentValue === undefined || !Number.isFinite(garmentValue)) return;
    const differenceCm = (garmentValue - bodyValue) * unitToCm;
    fits.push({ region, verdict: verdictOf(differenceCm, verdictThresholds(garmentType, region)), differenceCm: round(differenceCm, 1) });
  };
  const fromChart = (interval: [number, number] | undefined, add: number) => (interval ? mid(interval) + add : undefined);
  for (const region of REGIONS[garmentType]) {
    switch (region) {
      case 'CHEST':
        push(region, garment.chestCm ?? fromChart(row?.chestCm, garmentEaseCm(garmentType, fitType, 'CHEST')), profile.chestCm.valueCm);
        break;
      case 'WAIST':
        push(region, garment.waistCm ?? fromChart(row?.waistCm, garmentEaseCm(garmentType, fitType, 'WAIST')), profile.waistCm.valueCm);
        break;
      case 'HIP':
        push(region, garment.hipCm ?? fromChart(row?.hipCm, garmentEaseCm(garmentType, fitType, 'HIP')), profile.hipCm.valueCm);
        break;
      case 'LENGTH': {
        const fallback = row?.heightCm ? TOP_LENGTH_PER_HEIGHT * mid(row.heightCm) + (garmentType === 'OUTERWEAR' ? OUTERWEAR_EXTRA_EASE_CM / 2 : 0) : undefined;
        push(region, garment.lengthCm ?? fallback, TOP_LENGTH_PER_HEIGHT * profile.heightCm.valueCm);
        break;
      }
      case 'SLEEVE': {
        const fallback = row?.heightCm ? SLEEVE_PER_HEIGHT * mid(row.heightCm) + SLEEVE_ALLOWANCE_CM : undefined;
        push(region, garment.sleeveCm ?? fallback, profile.sleeveCm.valueCm);
        break;
      }
      case 'INSEAM':
        push(region, garment.inseamCm ?? fromChart(row?.inseamCm, 0), profile.inseamCm.valueCm);
        break;
      case 'FOOT':
        // In mm, like the chart and the catalogue; reported in cm.
        push(region, garment.footLengthMm ?? fromChart(row?.footLengthMm, SHOE_ALLOWANCE_MM), profile.footLengthCm.valueCm * 10, 0.1);
        break;
    }
  }
  return fits;
}

// ---------------------------------------------------------------------------------------------
// Advice
// ---------------------------------------------------------------------------------------------

const sizeName = (s: string): string => (/^\d/.test(s) ? `size ${s}` : s);
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const cmText = (key: ChartKey, value: number): string => (key === 'footLengthMm' ? `${round(value / 10, 1)} cm` : `${Math.round(value)} cm`);

/**
 * The size to recommend for a body and a product, how sure we are, the runner-up, and how the
 * recommended size fits region by region.
 * @param seed seeds the draws from the body's uncertainty; the same input and seed give the same advice.
 * @throws SizeAdviceInputError for malformed input, or when no offered size is in the chart.
 */
export function adviseSize(input: SizeAdviceInput, seed: number = DEFAULT_SIZE_SEED): SizeAdviceData {
  validate(input);
  const { profile, garmentType } = input;

  // Candidates: chart rows the product is offered in, in chart order, labelled as offered.
  const candidates = input.chart.flatMap((row, chartIndex) => {
    const offered = input.offeredSizes.find((s) => typeof s === 'string' && sameSize(s, row.size));
    return offered === undefined ? [] : [{ row, chartIndex, label: offered }];
  });
  if (!candidates.length) throw new SizeAdviceInputError('offeredSizes', 'none of the offered sizes is in the size chart');

  // Dimensions: those that matter for the garment type and every candidate row gives.
  const dims: Dimension[] = [];
  for (const [key, weight] of Object.entries(SIZE_WEIGHTS[garmentType]) as [ChartKey, number][]) {
    if (!candidates.every((c) => c.row[key])) continue;
    const m = bodyValue(profile, key);
    const widths = candidates.map((c) => (c.row[key] as [number, number])[1] - (c.row[key] as [number, number])[0]);
    const minScale = key === 'footLengthMm' ? 3 : 1;
    dims.push({ key, value: m.valueCm, sigma: m.sigmaCm, weight, scale: Math.max(minScale, median(widths)), label: DIM_LABEL[key] });
  }
  if (!dims.length) {
    const wanted = Object.keys(SIZE_WEIGHTS[garmentType]).join(', ');
    throw new SizeAdviceInputError('chart', `the chart gives none of the dimensions a ${garmentType.toLowerCase()} is sized by (${wanted}) for every offered size`);
  }

  // Draws (antithetic pairs): each draw picks its best size; the recommendation minimises the expected misfit.
  const rnd = new SeededRandom(seed);
  const picks = new Array<number>(candidates.length).fill(0);
  const expected = new Array<number>(candidates.length).fill(0);
  for (let k = 0; k < SIZE_DRAWS / 2; k++) {
    const z = dims.map(() => rnd.normal());
    for (const sign of [1, -1]) {
      const values = dims.map((d, i) => d.value + sign * z[i] * d.sigma);
      const scores = candidates.map((c) => misfit(c.row, dims, values));
      picks[argminLargest(scores)]++;
      scores.forEach((s, i) => (expected[i] += s));
    }
  }
  const share = picks.map((n) => n / SIZE_DRAWS);
  const pick = argminLargest(expected);

  const primary = dims.reduce((a, b) => (b.weight > a.weight ? b : a));
  const alternativeOf = (chosen: number): number | null => {
    const others = candidates.map((_, i) => i).filter((i) => i !== chosen).sort((a, b) => share[b] - share[a] || b - a);
    if (others.length && share[others[0]] >= ALTERNATIVE_MIN_SHARE) return others[0];
    // Otherwise the neighbour on the side of the nearest boundary (weighted over the dimensions).
    const row = candidates[chosen].row;
    const lean = dims.reduce((s, d) => s + (d.weight * (d.value - mid(row[d.key] as [number, number]))) / d.scale, 0);
    const up = chosen + 1 < candidates.length ? chosen + 1 : null;
    const down = chosen > 0 ? chosen - 1 : null;
    return lean >= 0 ? (up ?? down) : (down ?? up);
  };

  // A kept size of this brand and type is evidence too, where the scan is not decisive: it is the
  // recommendation, or a neighbour that enough draws pick or that fits within a margin as well.
  // A scan that is sure of another size is not overridden; the reason mentions the kept size.
  const kept = input.keptSize ? candidates.findIndex((c) => sameSize(c.row.size, input.keptSize!.size)) : -1;
  const keptAgrees =
    kept === pick ||
    (kept >= 0 &&
      Math.abs(candidates[kept].chartIndex - candidates[pick].chartIndex) <= 1 &&
      (share[kept] >= KEPT_SIZE_MIN_SHARE || (expected[kept] - expected[pick]) / SIZE_DRAWS <= KEPT_SIZE_MARGIN));
  const keptOverruled = kept >= 0 && !keptAgrees;
  const chosen = keptAgrees ? kept : pick;
  let confidence = share[chosen];
  let alternative: number | null;
  if (keptAgrees) {
    confidence = share[kept] + KEPT_SIZE_BOOST * (1 - share[kept]);
    alternative = kept !== pick ? pick : alternativeOf(kept);
  } else {
    alternative = alternativeOf(pick);
  }

  // A size the body lies well outside of is no confident advice, whatever the draws agreed on; the
  // alternative then is the next size in the direction the body lies (none past the chart's end).
  const missed = worstMisfit(candidates[chosen].row, dims);
  confidence *= fitChance(candidates[chosen].row, dims);
  if (missed) {
    const next = chosen + missed.direction;
    alternative = next >= 0 && next < candidates.length ? next : null;
  }

  const label = candidates[chosen].label;
  const reason = missed
    ? misfitReason(candidates, chosen, missed, input.chart.length)
    : keptAgrees
      ? kept === pick
        ? `You kept size ${candidates[kept].label} in ${input.keptSize!.brand} before; your scan agrees`
        : `You kept size ${candidates[kept].label} in ${input.keptSize!.brand} before; your scan is close (${candidates[pick].label} by measurements)`
      : keptOverruled
        ? `You kept size ${candidates[kept].label} in ${input.keptSize!.brand} before; your scan says ${candidates[pick].label} fits better`
        : scanReason(candidates, chosen, alternative, confidence, dims, primary, garmentType);

  return {
    size: label,
    confidence: round(Math.min(1, Math.max(0, confidence)), 3),
    alternativeSize: alternative === null ? null : candidates[alternative].label,
    fit: regionFits(input, candidates[chosen].row.size),
    reason,
    usedKeptSize: keptAgrees,
  };
}

type Candidate = { row: SizeChartRowData; chartIndex: number; label: string };

/** How a size misses a dimension, in words: past the chart's end ("Larger than ... at the chest"), and the garment's verdict. */
const MISFIT_WORDS: Record<ChartKey, { above: [string, string]; below: [string, string]; at: string; where: string }> = {
  chestCm: { above: ['Larger than', 'tight'], below: ['Smaller than', 'loose'], at: ' at the chest', where: 'at the chest' },
  waistCm: { above: ['Larger than', 'tight'], below: ['Smaller than', 'loose'], at: ' at the waist', where: 'at the waist' },
  hipCm: { above: ['Larger than', 'tight'], below: ['Smaller than', 'loose'], at: ' at the hip', where: 'at the hip' },
  heightCm: { above: ['Taller than', 'short'], below: ['Shorter than', 'long'], at: '', where: 'for your height' },
  inseamCm: { above: ['Longer in the leg than', 'short'], below: ['Shorter in the leg than', 'long'], at: '', where: 'in the leg' },
  footLengthMm: { above: ['Longer than', 'too small'], below: ['Shorter than', 'too big'], at: ' at the foot length', where: 'for your foot' },
};

/**
 * "Larger than this brand's biggest size at the chest (150 cm): XXL will be tight" when the body is
 * past the end of the sizes, else "No size fits you well here: M will be tight at the waist (102 cm)".
 */
function misfitReason(candidates: Candidate[], chosen: number, misfit: { dim: Dimension; direction: 1 | -1 }, chartRows: number): string {
  const { dim, direction } = misfit;
  const words = MISFIT_WORDS[dim.key];
  const [lead, verdict] = direction > 0 ? words.above : words.below;
  const name = sizeName(candidates[chosen].label);
  const value = cmText(dim.key, dim.value);
  const pastEnd = direction > 0 ? chosen === candidates.length - 1 : chosen === 0;
  if (!pastEnd) return `No size fits you well here: ${name} will be ${verdict} ${words.where} (${value})`;
  const chartEnd = direction > 0 ? candidates[chosen].chartIndex === chartRows - 1 : candidates[chosen].chartIndex === 0;
  const extreme = direction > 0 ? 'biggest' : 'smallest';
  const scope = chartEnd ? `this brand's ${extreme} size` : `the ${extreme} size offered`;
  return `${lead} ${scope}${words.at} (${value}): ${name} will be ${verdict}`;
}

/** "M fits your chest (98 cm) best; between M and L at the waist", and the like: one line. */
function scanReason(
  candidates: Candidate[],
  chosen: number,
  alternative: number | null,
  confidence: number,
  dims: Dimension[],
  primary: Dimension,
  garmentType: GarmentTypeName,
): string {
  const name = candidates[chosen].label;
  const interval = (c: Candidate, d: Dimension) => c.row[d.key] as [number, number];
  const inside = (c: Candidate, d: Dimension) => d.value >= interval(c, d)[0] && d.value <= interval(c, d)[1];
  // The dimensions the size is chosen by (bottoms: waist and hip), naming those the size actually covers.
  const mains = garmentType === 'BOTTOM' ? dims.filter((d) => d.weight === primary.weight) : [primary];
  const covered = mains.filter((d) => inside(candidates[chosen], d));
  const named = covered.length ? covered : mains;
  const head = `${capitalised(sizeName(name))} fits your ${named.map((d) => `${d.label} (${cmText(d.key, d.value)})`).join(' and ')} best`;

  // A close call: name the dimension that makes it one. A dimension already on the alternative's
  // side (its misfit term falls by taking the alternative) is the one that does so most; when every
  // dimension still prefers the chosen size, the one nearest its boundary with the alternative,
  // relative to its weight (only uncertainty carries the body across).
  if (alternative !== null && confidence < CLOSE_CALL_CONFIDENCE) {
    const alt = candidates[alternative];
    const pull = (d: Dimension) => misfitTerm(interval(candidates[chosen], d), d, d.value) - misfitTerm(interval(alt, d), d, d.value);
    const edgeDistance = (d: Dimension) => {
      const own = interval(candidates[chosen], d);
      return (alternative > chosen ? own[1] - d.value : d.value - own[0]) / d.scale / d.weight;
    };
    const pulling = dims.filter((d) => pull(d) > 0);
    const nearest = pulling.length
      ? pulling.reduce((a, b) => (pull(b) > pull(a) ? b : a))
      : dims.reduce((a, b) => (edgeDistance(b) < edgeDistance(a) ? b : a));
    const [low, high] = alternative > chosen ? [name, alt.label] : [alt.label, name];
    return `${head}; between ${low} and ${high} at the ${nearest.label}`;
  }
  // Otherwise point out the most important dimension that sits outside the recommended size.
  const outsider = [...dims].sort((a, b) => b.weight - a.weight).find((d) => !named.includes(d) && !inside(candidates[chosen], d));
  if (!outsider) return head;
  const [, hi] = interval(candidates[chosen], outsider);
  const home = candidates.find((c) => inside(c, outsider));
  const where = home ? `is in ${sizeName(home.label)}'s range` : `is ${outsider.value > hi ? 'above' : 'below'} ${sizeName(name)}'s range`;
  return `${head}; your ${outsider.label} (${cmText(outsider.key, outsider.value)}) ${where}`;
}

// ---------------------------------------------------------------------------------------------
// Shoe sizes
// ---------------------------------------------------------------------------------------------

/** Shoe sizes of one foot length; `us` is the men's scale, `usWomen` the women's. */
export interface ShoeSizeSet {
  mondopoint: number;
  eu: number;
  uk: number;
  us: number;
  usWomen: number;
}

/**
 * How many sizes a US women's size is above the US men's size of the same last: the "common" US
 * women's scale (3 x last (in) - 22.5), the one the Brannock Device's women's scale and most US
 * retailers' charts use (men's 9 = women's 10½). The FIA ("standard") scale would be + 1; see
 * Wikipedia, "Shoe size", United States and Canada (men's 3 x last - 24, women's FIA 3 x last - 23,
 * common = men's + 1.5).
 */
export const US_WOMEN_OVER_MEN = 1.5;

/**
 * Mondopoint (foot length mm) to EU/UK/US sizes.
 * - Mondopoint: the foot length in mm, rounded to 5 mm (ISO 9407 steps).
 * - EU (Paris points, 2/3 cm): last = foot + 15 mm; EU = 1.5 x last (cm), rounded to a whole size,
 *   as the house charts (`footLengthRangeForEu`) do.
 * - UK adult (barleycorns, 1/3 inch, from a 25-barleycorn zero): UK = 3 x last (in) - 25.
 * - US men's: US = 3 x last (in) - 24, i.e. UK + 1.
 * - US women's: US men's + 1.5 (`US_WOMEN_OVER_MEN`), i.e. 3 x last (in) - 22.5; added to the
 *   rounded men's size so that the two always differ by exactly 1½ as on conversion charts.
 *   UK and US are rounded to the nearest half size; the same 15 mm last allowance throughout.
 */
export function shoeSizesForFootLength(footLengthMm: number): ShoeSizeSet {
  if (!isFiniteNumber(footLengthMm) || footLengthMm <= 0) throw new SizeAdviceInputError('footLengthMm', 'foot length must be a positive number of mm');
  const lastMm = footLengthMm + SHOE_ALLOWANCE_MM;
  const lastIn = lastMm / 25.4;
  const half = (x: number) => Math.round(x * 2) / 2;
  const us = half(3 * lastIn - 24);
  return {
    mondopoint: Math.round(footLengthMm / 5) * 5,
    eu: Math.round((1.5 * lastMm) / 10),
    uk: half(3 * lastIn - 25),
    us,
    usWomen: us + US_WOMEN_OVER_MEN,
  };
}
