/** Writes docs/schema.sql from the migrations (see src/adapters/store/schema-report.ts). */
import { writeFileSync } from 'node:fs';
import { schemaReport } from '../src/adapters/store/schema-report.js';

writeFileSync(new URL('../docs/schema.sql', import.meta.url), await schemaReport());
