import type { GarmentTypeName } from '../body/size/size-advice';
import { Point } from './geometry';

/*
 * Anchor points of a garment image: where on the garment the body's keypoints go. Named for the
 * wearer's sides, as body scans are: in an unmirrored front view the wearer's left is on the
 * image's right (larger x).
 */

export const ANCHOR_NAMES = [
  'neckline',
  'left_shoulder',
  'right_shoulder',
  'left_underarm',
  'right_underarm',
  'left_cuff',
  'right_cuff',
  'left_waist',
  'right_waist',
  'left_hip',
  'right_hip',
  'crotch',
  'left_hem',
  'right_hem',
  'left_ankle',
  'right_ankle',
  'left_heel',
  'right_heel',
  'left_toe',
  'right_toe',
] as const;
export type AnchorName = (typeof ANCHOR_NAMES)[number];
export type AnchorMap = Partial<Record<AnchorName, Point>>;

interface AnchorRules {
  /** Every one of these. */
  required: AnchorName[];
  /** At least one of these groups, complete. */
  oneOf?: AnchorName[][];
  optional: AnchorName[];
}

export const ANCHOR_RULES: Record<GarmentTypeName, AnchorRules> = {
  TOP: {
    required: ['neckline', 'left_shoulder', 'right_shoulder', 'left_waist', 'right_waist', 'left_hem', 'right_hem'],
    optional: ['left_underarm', 'right_underarm', 'left_cuff', 'right_cuff', 'left_hip', 'right_hip'],
  },
  OUTERWEAR: {
    required: ['neckline', 'left_shoulder', 'right_shoulder', 'left_waist', 'right_waist', 'left_hem', 'right_hem'],
    optional: ['left_underarm', 'right_underarm', 'left_cuff', 'right_cuff', 'left_hip', 'right_hip'],
  },
  // Full-length bottoms end at the ankles; shorter ones have a hem somewhere up the leg.
  BOTTOM: {
    required: ['left_waist', 'right_waist', 'left_hip', 'right_hip'],
    oneOf: [
      ['left_ankle', 'right_ankle'],
      ['left_hem', 'right_hem'],
    ],
    optional: ['crotch'],
  },
  SHOES: { required: ['left_heel', 'left_toe', 'right_heel', 'right_toe'], optional: [] },
};

/** Pairs whose left member must be at larger x than the right one (unmirrored front view). */
const PAIRS: [AnchorName, AnchorName][] = [
  ['left_shoulder', 'right_shoulder'],
  ['left_underarm', 'right_underarm'],
  ['left_cuff', 'right_cuff'],
  ['left_waist', 'right_waist'],
  ['left_hip', 'right_hip'],
  ['left_hem', 'right_hem'],
  ['left_ankle', 'right_ankle'],
  ['left_heel', 'right_heel'],
  ['left_toe', 'right_toe'],
];

/** Anchor rows that must go down the image in this order, where present. */
const TOP_TO_BOTTOM: Record<GarmentTypeName, AnchorName[][]> = {
  TOP: [['left_shoulder', 'right_shoulder', 'neckline'], ['left_waist', 'right_waist'], ['left_hem', 'right_hem']],
  OUTERWEAR: [['left_shoulder', 'right_shoulder', 'neckline'], ['left_waist', 'right_waist'], ['left_hem', 'right_hem']],
  BOTTOM: [['left_waist', 'right_waist'], ['left_hip', 'right_hip'], ['left_hem', 'right_hem', 'left_ankle', 'right_ankle']],
  SHOES: [],
};

export interface AnchorCheck {
  anchors: AnchorMap;
  /** Required anchors that are not there. */
  missing: AnchorName[];
  /** Everything else that is wrong, one line each. */
  problems: string[];
}

/** Which anchors a garment type requires, for messages: "neckline, left_shoulder, ..., and left_ankle+right_ankle or left_hem+right_hem". */
export function describeRequiredAnchors(type: GarmentTypeName): string {
  const rules = ANCHOR_RULES[type];
  const groups = rules.oneOf ? ` and ${rules.oneOf.map((g) => g.join('+')).join(' or ')}` : '';
  return rules.required.join(', ') + groups;
}

/**
 * Checks the anchors of a garment image: each name known and allowed for the garment type, given
 * once, inside the image; the required ones present; left of the wearer at larger x; rows in order
 * (shoulders above the waist above the hem...). Never throws.
 */
export function checkAnchors(type: GarmentTypeName, given: readonly { name: string; x: number; y: number }[], size: { width: number; height: number }): AnchorCheck {
  const rules = ANCHOR_RULES[type];
  const allowed = new Set<AnchorName>([...rules.required, ...(rules.oneOf ?? []).flat(), ...rules.optional]);
  const anchors: AnchorMap = {};
  const problems: string[] = [];
  for (const a of given) {
    const name = a.name.toLowerCase() as AnchorName;
    if (!(ANCHOR_NAMES as readonly string[]).includes(name)) {
      problems.push(`unknown anchor ${a.name}`);
      continue;
    }
    if (!allowed.has(name)) {
      problems.push(`${name} is not an anchor of ${type.toLowerCase()}`);
      continue;
    }
    if (anchors[name]) {
      problems.push(`${name} is given twice`);
      continue;
    }
    if (!Number.isFinite(a.x) || !Number.isFinite(a.y) || a.x < 0 || a.y < 0 || a.x > size.width - 1 || a.y > size.height - 1) {
      problems.push(`${name} (${a.x}, ${a.y}) is outside the ${size.width}x${size.height} image`);
      continue;
    }
    anchors[name] = { x: a.x, y: a.y };
  }
  const missing = rules.required.filter((n) => !anchors[n] && !problems.some((p) => p.startsWith(`${n} `)));
  if (rules.oneOf && !rules.oneOf.some((group) => group.every((n) => anchors[n]))) {
    const partial = rules.oneOf.find((group) => group.some((n) => anchors[n])) ?? rules.oneOf[0];
    missing.push(...partial.filter((n) => !anchors[n]));
  }
  for (const [l, r] of PAIRS) {
    const a = anchors[l];
    const b = anchors[r];
    if (a && b && a.x <= b.x) problems.push(`${l} must be to the right of ${r} in the image (the wearer's left, seen from the front)`);
  }
  const rows = TOP_TO_BOTTOM[type];
  for (let i = 0; i + 1 < rows.length; i++) {
    for (const upper of rows[i]) {
      for (const lower of rows[i + 1]) {
        const a = anchors[upper];
        const b = anchors[lower];
        if (a && b && a.y >= b.y) problems.push(`${upper} must be above ${lower}`);
      }
    }
  }
  return { anchors, missing, problems };
}
