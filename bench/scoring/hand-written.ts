/**
 * The scorer a competent engineer would write by hand for exactly `grid.json`: every item read as
 * a literal property, reversed items as `7 - v`, the minimum-answered rules, prorating, rounding
 * and bands spelled out. It is the baseline the generated scorer is measured against (SPEC 11),
 * so it takes no shortcut the rule in docs/scoring.md would not allow.
 */
import type { Responses, ScoringOutput, NullReason } from '../../src/compiler/index.ts';

/** Rounds to 2 decimals, half away from zero (3.125 -> 3.13). */
function round2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100;
}

/** Band of a section mean (1..6, rounded). */
function meanBand(v: number): string {
  if (v < 2.5) return 'serious_concern';
  if (v < 3.5) return 'concern';
  if (v < 4.5) return 'adequate';
  return 'strength';
}

/** Band of the total (40..240). */
function totalBand(v: number): string {
  if (v < 100) return 'serious_concern';
  if (v < 140) return 'concern';
  if (v < 180) return 'adequate';
  return 'strength';
}

/** ceil(0.75 x 8 items per section). */
const SECTION_REQUIRED = 6;
const TOTAL_ITEMS = 40;
const TOTAL_REQUIRED = 30;

function insufficient(answered: number, required: number): NullReason {
  return { reason: 'insufficient_data', answered, required };
}

/** Scores one response set of the benchmark grid. */
export function scoreHandWritten(responses: Responses): ScoringOutput {
  const r = responses;
  let v;

  // Section "cura": a missing code is a string and an absent item is undefined, so only numbers count.
  let sCura = 0;
  let aCura = 0;
  v = r.alimentazione; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.igiene; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.sonno; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.salute; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.abbigliamento; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.routine; if (typeof v === 'number') { sCura += v; aCura++; }
  v = r.trascuratezza; if (typeof v === 'number') { sCura += 7 - v; aCura++; }
  v = r.assenze_sanitarie; if (typeof v === 'number') { sCura += 7 - v; aCura++; }

  let sSic = 0;
  let aSic = 0;
  v = r.vigilanza; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.casa_sicura; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.regole; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.protezione_rischi; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.adulti_affidabili; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.uscite_controllate; if (typeof v === 'number') { sSic += v; aSic++; }
  v = r.esposizione_conflitti; if (typeof v === 'number') { sSic += 7 - v; aSic++; }
  v = r.lasciato_solo; if (typeof v === 'number') { sSic += 7 - v; aSic++; }

  let sRel = 0;
  let aRel = 0;
  v = r.calore; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.ascolto; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.gioco; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.consolazione; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.riconoscimento; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.fratelli; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.tempo_insieme; if (typeof v === 'number') { sRel += v; aRel++; }
  v = r.ostilita; if (typeof v === 'number') { sRel += 7 - v; aRel++; }

  let sApp = 0;
  let aApp = 0;
  v = r.motivazione; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.compiti; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.rapporto_insegnanti; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.stimoli; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.lettura; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.attivita_extrascolastiche; if (typeof v === 'number') { sApp += v; aApp++; }
  v = r.assenze_scolastiche; if (typeof v === 'number') { sApp += 7 - v; aApp++; }
  v = r.abbandono_compiti; if (typeof v === 'number') { sApp += 7 - v; aApp++; }

  let sAmb = 0;
  let aAmb = 0;
  v = r.abitazione; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.lavoro; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.reddito; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.rete_familiare; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.rete_amicale; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.servizi; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.comunita; if (typeof v === 'number') { sAmb += v; aAmb++; }
  v = r.isolamento; if (typeof v === 'number') { sAmb += 7 - v; aAmb++; }

  const reasons: Record<string, NullReason> = {};

  let mCura: number | null = null;
  if (aCura >= SECTION_REQUIRED) mCura = round2(sCura / aCura);
  else reasons.media_cura = insufficient(aCura, SECTION_REQUIRED);
  let mSic: number | null = null;
  if (aSic >= SECTION_REQUIRED) mSic = round2(sSic / aSic);
  else reasons.media_sicurezza = insufficient(aSic, SECTION_REQUIRED);
  let mRel: number | null = null;
  if (aRel >= SECTION_REQUIRED) mRel = round2(sRel / aRel);
  else reasons.media_relazioni = insufficient(aRel, SECTION_REQUIRED);
  let mApp: number | null = null;
  if (aApp >= SECTION_REQUIRED) mApp = round2(sApp / aApp);
  else reasons.media_apprendimento = insufficient(aApp, SECTION_REQUIRED);
  let mAmb: number | null = null;
  if (aAmb >= SECTION_REQUIRED) mAmb = round2(sAmb / aAmb);
  else reasons.media_ambiente = insufficient(aAmb, SECTION_REQUIRED);

  // Integer values: the section sums add up to the left-to-right sum of the 40 items exactly.
  const aTot = aCura + aSic + aRel + aApp + aAmb;
  let total: number | null = null;
  if (aTot >= TOTAL_REQUIRED) {
    const sTot = sCura + sSic + sRel + sApp + sAmb;
    total = aTot < TOTAL_ITEMS ? (sTot * TOTAL_ITEMS) / aTot : sTot;
  } else {
    reasons.totale = insufficient(aTot, TOTAL_REQUIRED);
  }

  return {
    scores: {
      media_cura: mCura,
      media_sicurezza: mSic,
      media_relazioni: mRel,
      media_apprendimento: mApp,
      media_ambiente: mAmb,
      totale: total,
    },
    bands: {
      media_cura: mCura === null ? null : meanBand(mCura),
      media_sicurezza: mSic === null ? null : meanBand(mSic),
      media_relazioni: mRel === null ? null : meanBand(mRel),
      media_apprendimento: mApp === null ? null : meanBand(mApp),
      media_ambiente: mAmb === null ? null : meanBand(mAmb),
      totale: total === null ? null : totalBand(total),
    },
    reasons,
  };
}
