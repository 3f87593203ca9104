import type { Grid } from '../../src/grid/index.ts';
import { baseGrid, nextGrid } from '../versions/fixtures.ts';
import type { tempFolder } from './helpers.ts';

/** Paths of the grid files the command-line tests run on. */
export interface GridFiles {
  /** griglia-prova/1.0.0.json: the base fixture, valid. */
  v1: string;
  /** griglia-prova/1.1.0.json: a declared rename and an added item, a valid minor bump. */
  v110: string;
  /** bump/1.0.0.json and bump/1.0.1.json: an undeclared removal under a patch bump. */
  bumpOld: string;
  bumpNew: string;
  /** A grid with a duplicate item id at /sections/0/items/1/id. */
  invalid: string;
  /** A grid whose worked example expects a wrong score. */
  wrongExample: string;
}

/** Write the grid files into a temp folder. */
export function writeGridFiles(folder: ReturnType<typeof tempFolder>): GridFiles {
  const duplicate = baseGrid();
  duplicate.sections[0]!.items![1]!.id = 'salute';
  const disagreeing = baseGrid();
  disagreeing.examples![0]!.expect.scores.bisogni_totale = 8;
  return {
    v1: folder.write('griglia-prova/1.0.0.json', baseGrid()),
    v110: folder.write('griglia-prova/1.1.0.json', minorVersion()),
    bumpOld: folder.write('bump/1.0.0.json', baseGrid()),
    bumpNew: folder.write(
      'bump/1.0.1.json',
      nextGrid('1.0.1', (grid) => {
        grid.sections[0]!.items!.splice(1, 1);
        // Two items on 1..4 sum to 2..8: the bands follow.
        grid.scores[0]!.bands![0]!.min = 2;
        grid.scores[0]!.bands![1]!.max = 8;
        grid.scores[0]!.bands!.pop();
        grid.examples = [];
      }),
    ),
    invalid: folder.write('invalid.json', duplicate),
    wrongExample: folder.write('wrong-example.json', disagreeing),
  };
}

function minorVersion(): Grid {
  return nextGrid('1.1.0', (grid) => {
    const items = grid.sections[0]!.items!;
    items[2]!.id = 'svago';
    items.push({ id: 'amicizie', label: { it: 'Amicizie', en: 'Friendships' }, scale: 'quattro' });
    // Four items on 1..4 sum to 16: the top band now reaches it.
    grid.scores[0]!.bands![2]!.max = 16;
    grid.previous = { version: '1.0.0', renamed: [{ from: 'gioco', to: 'svago' }], added: ['amicizie'] };
    grid.examples = [
      {
        name: 'tutto risposto',
        responses: { salute: 3, scuola: 2, svago: 4, amicizie: 4, cura: { current: 2, potential: 3 } },
        expect: { scores: { bisogni_totale: 13, cura_media: 2.5 }, bands: { bisogni_totale: 'strength' } },
      },
    ];
  });
}

/** Responses of the base fixture, and what `score` prints for them. */
export const ANSWERED = { salute: 3, scuola: 2, gioco: 4, cura: { current: 2, potential: 3 } };
export const ANSWERED_SCORES = { scores: { bisogni_totale: 9, cura_media: 2.5 }, bands: { bisogni_totale: 'adequate' } };
