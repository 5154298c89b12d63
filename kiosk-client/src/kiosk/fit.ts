import type { FitRegion, FitVerdict } from '../gql/graphql';

export const REGION: Record<FitRegion, string> = { CHEST: 'Chest', WAIST: 'Waist', HIP: 'Hip', LENGTH: 'Length', SLEEVE: 'Sleeve', INSEAM: 'Leg', FOOT: 'Foot' };
export const VERDICT: Record<FitVerdict, string> = { TIGHT: 'tight', SNUG: 'snug', REGULAR: 'regular', LOOSE: 'loose' };
export const VERDICT_COLOUR: Record<FitVerdict, 'error' | 'warning' | 'success' | 'primary'> = { TIGHT: 'error', SNUG: 'warning', REGULAR: 'success', LOOSE: 'primary' };

export function fitLabel(f: { region: FitRegion; verdict: FitVerdict; differenceCm: number }): string {
  const d = Math.round(f.differenceCm * 10) / 10;
  return `${REGION[f.region]}: ${VERDICT[f.verdict]} (${d > 0 ? '+' : ''}${d} cm)`;
}
