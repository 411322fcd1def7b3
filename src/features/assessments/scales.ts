/**
 * What each score means, in the words of clinical-reference §3.3, so every score in the form has
 * its meaning one tap away. Muscle groups are the usual ITB test-dose set (issue 6; Guideline §3.2).
 */
import type { BadsRegion, MasGrade } from '../../domain';
import type { GmfcsLevel, TimePoint } from '../../fhir';

/**
 * The published source of each scale, as shown beside it: the scale's authors, never an internal
 * reference (issue 13 item 7). Wording checked against clinical-reference §3.3.
 */
export const SCALE_SOURCES = {
  bads: 'Barry Albright Dystonia Scale (Barry et al., Dev Med Child Neurol 1999;41:404–11)',
  mas: 'Modified Ashworth Scale (Bohannon & Smith 1987)',
  tardieu: 'Modified Tardieu Scale (Boyd & Graham 1999)',
  gmfcs: 'Gross Motor Function Classification System, Expanded and Revised (GMFCS E&R)',
} as const;

export const BADS_REGION_LABELS: Record<BadsRegion, string> = {
  eyes: 'Eyes',
  mouth: 'Mouth',
  neck: 'Neck',
  trunk: 'Trunk',
  'upper-left': 'Left upper extremity',
  'upper-right': 'Right upper extremity',
  'lower-left': 'Left lower extremity',
  'lower-right': 'Right lower extremity',
};

/** The function dystonia interferes with in each region (Barry et al. 1999 region descriptors). */
const BADS_FUNCTION: Record<BadsRegion, string> = {
  eyes: 'tracking',
  mouth: 'speech and/or feeding',
  neck: 'head positioning',
  trunk: 'sitting or positioning',
  'upper-left': 'reaching and use of the arm',
  'upper-right': 'reaching and use of the arm',
  'lower-left': 'positioning, standing or walking',
  'lower-right': 'positioning, standing or walking',
};

export const BADS_SCORE_NAMES = ['Absent', 'Slight', 'Mild', 'Moderate', 'Severe'] as const;

/**
 * BADS 0–4 per region: absent, slight, mild, moderate, severe; the bands are time with dystonia
 * (<10%, <50%, >50%) and whether it interferes with the region's function (§3.3). Rate dystonia
 * only, not weakness or other movement disorders.
 */
export function badsDescriptors(region: BadsRegion): readonly string[] {
  const f = BADS_FUNCTION[region];
  return [
    '0 Absent: no dystonia.',
    `1 Slight: dystonia less than 10% of the time; does not interfere with ${f}.`,
    `2 Mild: dystonia less than 50% of the time; does not interfere with ${f}.`,
    `3 Moderate: dystonia more than 50% of the time and/or interferes with ${f}.`,
    `4 Severe: dystonia more than 50% of the time and prevents ${f}.`,
  ];
}

/** Modified Ashworth Scale (Bohannon & Smith 1987), clinical-reference §3.3. */
export const MAS_DEFINITIONS: Record<MasGrade, string> = {
  '0': 'No increase in muscle tone.',
  '1': 'Slight increase: a catch and release, or minimal resistance at the end of the range of movement.',
  '1+': 'Slight increase: a catch, then minimal resistance through less than half of the range of movement.',
  '2': 'More marked increase through most of the range of movement, but the part is still easily moved.',
  '3': 'Considerable increase in tone: passive movement is difficult.',
  '4': 'The part is rigid in flexion or extension.',
};

/** Modified Tardieu quality of muscle reaction 0–5, clinical-reference §3.3. */
export const TARDIEU_QUALITY: readonly string[] = [
  'No resistance through the passive movement',
  'Slight resistance, no clear catch at a precise angle',
  'Clear catch at a precise angle, then release',
  'Fatigable clonus (less than 10 seconds)',
  'Unfatigable clonus (more than 10 seconds)',
  'Joint immovable',
];

export const TARDIEU_ANGLES_HELP =
  'R1: the angle of catch on a fast stretch (V2 limb falling under gravity, or V3 as fast as possible). R2: the passive range of movement on a slow stretch (V1). R2 − R1 is the dynamic (spastic) component: the larger it is, the more the tone is velocity-dependent.';

export const MUSCLE_GROUPS = [
  { id: 'hip-adductors', label: 'Hip adductors' },
  { id: 'hip-flexors', label: 'Hip flexors' },
  { id: 'hamstrings', label: 'Hamstrings' },
  { id: 'gastrocnemius-soleus', label: 'Gastrocnemius/soleus' },
  { id: 'elbow-flexors', label: 'Elbow flexors' },
  { id: 'wrist-flexors', label: 'Wrist flexors' },
] as const;
export type MuscleGroupId = (typeof MUSCLE_GROUPS)[number]['id'];

export const SIDES = ['left', 'right'] as const;

/** GMFCS E&R levels, clinical-reference §3.3. */
export const GMFCS_LEVELS: readonly { readonly level: GmfcsLevel; readonly roman: string; readonly meaning: string }[] = [
  { level: 'gmfcs-I', roman: 'I', meaning: 'Walks without limitations' },
  { level: 'gmfcs-II', roman: 'II', meaning: 'Walks with limitations' },
  { level: 'gmfcs-III', roman: 'III', meaning: 'Walks using a hand-held mobility device' },
  { level: 'gmfcs-IV', roman: 'IV', meaning: 'Self-mobility with limitations; may use powered mobility' },
  { level: 'gmfcs-V', roman: 'V', meaning: 'Transported in a manual wheelchair' },
];

export const ALL_TIME_POINTS: readonly TimePoint[] = ['baseline', '1h', '2h', '4h', '6h'];

export const TIME_POINT_LABELS: Record<TimePoint, string> = {
  baseline: 'Baseline',
  '1h': '1 hour',
  '2h': '2 hours',
  '4h': '4 hours',
  '6h': '6 hours',
};

export const TIME_POINT_SHORT: Record<TimePoint, string> = {
  baseline: 'Baseline',
  '1h': '1 h',
  '2h': '2 h',
  '4h': '4 h',
  '6h': '6 h',
};
