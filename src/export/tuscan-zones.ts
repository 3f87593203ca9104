/**
 * Zone -> AUSL -> region, the hierarchy along which an export generalizes a case's zone. Tuscany's
 * zone distretto (Società della Salute) belong to three Aziende USL. The table lists the zones the
 * demo uses and the other Tuscan zones under the slugs a deployment is expected to give its teams;
 * a zone not in the table maps to `unknown_ausl` (and region `unknown_region`), so that an
 * unmapped zone is generalized away with the others instead of standing out under its own name.
 * Deployments outside Tuscany pass their own table.
 */

export const UNKNOWN_AUSL = 'unknown_ausl';
export const UNKNOWN_REGION = 'unknown_region';

/** Where a zone sits: its AUSL, and the AUSL's region. */
export interface ZoneHierarchy {
  auslOf(zone: string): string;
  regionOf(ausl: string): string;
}

const CENTRO = 'toscana_centro';
const NORD_OVEST = 'toscana_nord_ovest';
const SUD_EST = 'toscana_sud_est';

/** Zone slug -> AUSL. */
export const TUSCAN_ZONE_AUSL: Readonly<Record<string, string>> = Object.freeze({
  // Azienda USL Toscana Centro (Firenze, Prato, Pistoia, Empoli).
  firenze: CENTRO,
  'fiorentina-nord-ovest': CENTRO,
  'fiorentina-sud-est': CENTRO,
  mugello: CENTRO,
  prato: CENTRO,
  pistoia: CENTRO,
  'val-di-nievole': CENTRO,
  empoli: CENTRO,
  // Azienda USL Toscana Nord Ovest (Pisa, Livorno, Lucca, Massa-Carrara, Versilia).
  pisa: NORD_OVEST,
  'alta-val-di-cecina-valdera': NORD_OVEST,
  livorno: NORD_OVEST,
  'bassa-val-di-cecina-val-di-cornia': NORD_OVEST,
  elba: NORD_OVEST,
  lucca: NORD_OVEST,
  'valle-del-serchio': NORD_OVEST,
  versilia: NORD_OVEST,
  apuane: NORD_OVEST,
  lunigiana: NORD_OVEST,
  // Azienda USL Toscana Sud Est (Siena, Arezzo, Grosseto).
  siena: SUD_EST,
  'alta-val-d-elsa': SUD_EST,
  'amiata-senese-val-d-orcia-valdichiana-senese': SUD_EST,
  arezzo: SUD_EST,
  casentino: SUD_EST,
  valtiberina: SUD_EST,
  valdarno: SUD_EST,
  'valdichiana-aretina': SUD_EST,
  grosseto: SUD_EST,
  'colline-metallifere': SUD_EST,
  'colline-dell-albegna': SUD_EST,
});

/** AUSL -> region. */
export const AUSL_REGION: Readonly<Record<string, string>> = Object.freeze({
  [CENTRO]: 'toscana',
  [NORD_OVEST]: 'toscana',
  [SUD_EST]: 'toscana',
});

/**
 * A zone hierarchy over a zone -> AUSL table (Tuscany's by default).
 *
 * @example
 * createZoneHierarchy().auslOf('pisa') // 'toscana_nord_ovest'
 */
export function createZoneHierarchy(
  zoneAusl: Readonly<Record<string, string>> = TUSCAN_ZONE_AUSL,
  auslRegion: Readonly<Record<string, string>> = AUSL_REGION,
): ZoneHierarchy {
  return {
    auslOf: (zone) => (Object.hasOwn(zoneAusl, zone) ? zoneAusl[zone]! : UNKNOWN_AUSL),
    regionOf: (ausl) => (Object.hasOwn(auslRegion, ausl) ? auslRegion[ausl]! : UNKNOWN_REGION),
  };
}
