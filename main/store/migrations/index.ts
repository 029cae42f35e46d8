import { migration as initial } from './0001-initial';
import { migration as printQueue } from './0002-print-queue';
import { migration as stock } from './0003-stock';
import { migration as points } from './0004-points';
import { migration as clerkPins } from './0005-clerk-pins';
import { migration as saleLookup } from './0006-sale-lookup';
import { migration as causalBlocks } from './0007-causal-blocks';
import { migration as pinPaths } from './0008-pin-paths';
import { migration as doorPlates } from './0009-door-plates';
import { migration as townshipVerdicts } from './0010-township-verdicts';
import { migration as saleWritePath } from './0011-sale-write-path';
import { migration as ledgerRowsAfterCommit } from './0012-ledger-rows-after-commit';
import { migration as masterGeneration } from './0013-master-generation';
import { migration as awardsOneHouseholdIndex } from './0014-awards-one-household-index';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every migration, in order. Versions are contiguous from 1. */
export const migrations: readonly Migration[] = [
  initial,
  printQueue,
  stock,
  points,
  clerkPins,
  saleLookup,
  causalBlocks,
  pinPaths,
  doorPlates,
  townshipVerdicts,
  saleWritePath,
  ledgerRowsAfterCommit,
  masterGeneration,
  awardsOneHouseholdIndex,
];

export const LATEST_VERSION = migrations.length;
