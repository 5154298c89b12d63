import { createHash } from 'node:crypto';
import type { ExperimentArm } from './rec-experiment.entity';

/**
 * The arm of an experiment a unit (customer or session id) belongs to: a stable hash of
 * experiment and unit mapped onto the arms' weights, so a unit always sees the same arm.
 */
export function assignArm(experimentId: string, unitId: string, arms: readonly ExperimentArm[]): ExperimentArm {
  const digest = createHash('sha256').update(`${experimentId}:${unitId}`).digest();
  const u = digest.readUInt32BE(0) / 0x1_0000_0000;
  const total = arms.reduce((s, a) => s + a.weight, 0);
  let acc = 0;
  for (const arm of arms) {
    acc += arm.weight / total;
    if (u < acc) return arm;
  }
  return arms[arms.length - 1];
}
