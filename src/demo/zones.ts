/**
 * The demo's zones and teams: a few Tuscan zone distretto, each with one or two multiprofessional
 * teams. `prefix` starts the references a team gives its cases (`FI-2025-0042`); `weight` is the
 * team's share of the cases (the Florentine teams follow more families).
 */
export interface DemoTeam {
  id: string;
  zone: string;
  prefix: string;
  weight: number;
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { id: 'em-firenze-centro', zone: 'firenze', prefix: 'FI', weight: 4 },
  { id: 'em-firenze-nord-ovest', zone: 'firenze', prefix: 'FN', weight: 3 },
  { id: 'em-pisa', zone: 'pisa', prefix: 'PI', weight: 3 },
  { id: 'em-livorno-nord', zone: 'livorno', prefix: 'LI', weight: 2 },
  { id: 'em-livorno-sud', zone: 'livorno', prefix: 'LS', weight: 1 },
  { id: 'em-piana-di-lucca', zone: 'lucca', prefix: 'LU', weight: 2 },
  { id: 'em-senese', zone: 'siena', prefix: 'SI', weight: 2 },
];
