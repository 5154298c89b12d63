import type { GarmentAnchorName, GarmentType } from '../gql/graphql';

/*
 * The anchor points a garment image needs, mirrored from the server's rules
 * (src/tryon/garment-anchors.ts) so the merchandiser is guided before uploading; the server still
 * checks everything. Names are the wearer's sides: in a front view the wearer's left is on the
 * image's right, so each pair is asked image-left (wearer's right) first.
 */

export interface AnchorStep {
  name: GarmentAnchorName;
  label: string;
  where: string;
  required: boolean;
}

const step = (name: GarmentAnchorName, label: string, where: string, required = true): AnchorStep => ({ name, label, where, required });

const TOP_STEPS: AnchorStep[] = [
  step('NECKLINE', 'Neckline', 'centre of the neckline'),
  step('RIGHT_SHOULDER', 'Right shoulder', 'shoulder seam on the image’s left'),
  step('LEFT_SHOULDER', 'Left shoulder', 'shoulder seam on the image’s right'),
  step('RIGHT_WAIST', 'Right waist', 'side seam at the waist, image left'),
  step('LEFT_WAIST', 'Left waist', 'side seam at the waist, image right'),
  step('RIGHT_HEM', 'Right hem', 'side seam at the hem, image left'),
  step('LEFT_HEM', 'Left hem', 'side seam at the hem, image right'),
  step('RIGHT_UNDERARM', 'Right underarm', 'armpit, image left', false),
  step('LEFT_UNDERARM', 'Left underarm', 'armpit, image right', false),
  step('RIGHT_CUFF', 'Right cuff', 'centre of the sleeve opening, image left', false),
  step('LEFT_CUFF', 'Left cuff', 'centre of the sleeve opening, image right', false),
  step('RIGHT_HIP', 'Right hip', 'side seam at the hip, image left', false),
  step('LEFT_HIP', 'Left hip', 'side seam at the hip, image right', false),
];

export type BottomLength = 'FULL' | 'SHORT';

function bottomSteps(length: BottomLength): AnchorStep[] {
  return [
    step('RIGHT_WAIST', 'Right waist', 'waistband edge, image left'),
    step('LEFT_WAIST', 'Left waist', 'waistband edge, image right'),
    step('RIGHT_HIP', 'Right hip', 'side seam at the hip, image left'),
    step('LEFT_HIP', 'Left hip', 'side seam at the hip, image right'),
    ...(length === 'FULL'
      ? [step('RIGHT_ANKLE', 'Right ankle', 'centre of the leg opening, image left'), step('LEFT_ANKLE', 'Left ankle', 'centre of the leg opening, image right')]
      : [step('RIGHT_HEM', 'Right hem', 'centre of the leg opening, image left'), step('LEFT_HEM', 'Left hem', 'centre of the leg opening, image right')]),
    step('CROTCH', 'Crotch', 'where the legs meet', false),
  ];
}

const SHOE_STEPS: AnchorStep[] = [
  step('RIGHT_HEEL', 'Right heel', 'heel of the shoe on the image’s left'),
  step('RIGHT_TOE', 'Right toe', 'toe of the shoe on the image’s left'),
  step('LEFT_HEEL', 'Left heel', 'heel of the shoe on the image’s right'),
  step('LEFT_TOE', 'Left toe', 'toe of the shoe on the image’s right'),
];

export function anchorSteps(type: GarmentType, length: BottomLength): AnchorStep[] {
  if (type === 'BOTTOM') return bottomSteps(length);
  if (type === 'SHOES') return SHOE_STEPS;
  return TOP_STEPS;
}

export type Placed = Partial<Record<GarmentAnchorName, { x: number; y: number }>>;

const PAIRS: [GarmentAnchorName, GarmentAnchorName][] = [
  ['LEFT_SHOULDER', 'RIGHT_SHOULDER'],
  ['LEFT_UNDERARM', 'RIGHT_UNDERARM'],
  ['LEFT_CUFF', 'RIGHT_CUFF'],
  ['LEFT_WAIST', 'RIGHT_WAIST'],
  ['LEFT_HIP', 'RIGHT_HIP'],
  ['LEFT_HEM', 'RIGHT_HEM'],
  ['LEFT_ANKLE', 'RIGHT_ANKLE'],
  ['LEFT_HEEL', 'RIGHT_HEEL'],
  ['LEFT_TOE', 'RIGHT_TOE'],
];

const ROWS: Record<GarmentType, GarmentAnchorName[][]> = {
  TOP: [['LEFT_SHOULDER', 'RIGHT_SHOULDER', 'NECKLINE'], ['LEFT_WAIST', 'RIGHT_WAIST'], ['LEFT_HEM', 'RIGHT_HEM']],
  OUTERWEAR: [['LEFT_SHOULDER', 'RIGHT_SHOULDER', 'NECKLINE'], ['LEFT_WAIST', 'RIGHT_WAIST'], ['LEFT_HEM', 'RIGHT_HEM']],
  BOTTOM: [['LEFT_WAIST', 'RIGHT_WAIST'], ['LEFT_HIP', 'RIGHT_HIP'], ['LEFT_HEM', 'RIGHT_HEM', 'LEFT_ANKLE', 'RIGHT_ANKLE']],
  SHOES: [],
};

const nice = (n: GarmentAnchorName) => n.toLowerCase().replace('_', ' ');

/** What the server would refuse about these anchors, in words (sides swapped, rows out of order, too close). */
export function anchorProblems(type: GarmentType, placed: Placed): string[] {
  const problems: string[] = [];
  for (const [l, r] of PAIRS) {
    const a = placed[l];
    const b = placed[r];
    if (a && b && a.x <= b.x) problems.push(`${nice(l)} must be to the right of ${nice(r)} in the image (the wearer’s left, seen from the front)`);
  }
  const rows = ROWS[type];
  for (let i = 0; i + 1 < rows.length; i++)
    for (const upper of rows[i])
      for (const lower of rows[i + 1]) {
        const a = placed[upper];
        const b = placed[lower];
        if (a && b && a.y >= b.y) problems.push(`${nice(upper)} must be above ${nice(lower)}`);
      }
  const list = Object.entries(placed) as [GarmentAnchorName, { x: number; y: number }][];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++)
      if (Math.hypot(list[i][1].x - list[j][1].x, list[i][1].y - list[j][1].y) < 2) problems.push(`${nice(list[i][0])} and ${nice(list[j][0])} are less than 2 pixels apart`);
  return problems;
}
