import { FitType } from '../common/enums';

/**
 * Ease of a garment over the body by fit type, cm of circumference at chest, waist and hip: what the
 * catalogue's garments are cut with and what the size engine assumes when a garment has no measurements.
 */
export const FIT_EASE_CM: Record<FitType, number> = { [FitType.SLIM]: 4, [FitType.REGULAR]: 10, [FitType.RELAXED]: 16 };
