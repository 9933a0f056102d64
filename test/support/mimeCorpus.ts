import { join } from 'node:path';

/** Real-world mail, mistakes and all (see test/unit/inbound/mimeCorpus.test.ts for what each holds). */
export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'mime');
