import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseCatalogFile, writeCatalog } from '../catalog/import/catalog-import';
import { decodeImportFile } from '../catalog/import/import-cells';
import { parseSizeChartFile, writeSizeCharts } from '../catalog/import/size-chart-import';
import { ImportRejectedError } from '../common/import-report';
import { isSequenceFormat, parsePurchaseFile, writePurchases } from '../commerce/import/purchase-import';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { createLogger } from '../logger';

const USAGE = `usage: npm run import -- catalog FILE.csv|FILE.json
       npm run import -- purchases FILE.csv|SEQUENCES.txt [--sku-prefix P] [--customer-prefix P]
       npm run import -- size-charts FILE.json
Imports into the database the server uses (DATABASE_URL, or the embedded one under .data/).
A file with any problem is rejected whole, with a report naming each line and reason.`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const [kind, file] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
  if (!['catalog', 'purchases', 'size-charts'].includes(kind ?? '') || !file) {
    console.error(USAGE);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    const content = decodeImportFile(file, bytes);
    // Parse and validate fully before touching the database.
    const parsed =
      kind === 'catalog'
        ? parseCatalogFile(file, content)
        : kind === 'size-charts'
          ? parseSizeChartFile(file, content)
          : parsePurchaseFile(file, content, { skuPrefix: option('--sku-prefix'), customerPrefix: option('--customer-prefix') });
    const db = await openDatabase(config, log);
    try {
      // Order references depend on the purchase, not on the file name: the same purchase imported twice is one order.
      const sourceTag = isSequenceFormat(content) ? 'seq' : 'csv';
      const summary: object = await db.dataSource.transaction((em): Promise<object> =>
        kind === 'catalog'
          ? writeCatalog(em, file, parsed as ReturnType<typeof parseCatalogFile>)
          : kind === 'size-charts'
            ? writeSizeCharts(em, parsed as ReturnType<typeof parseSizeChartFile>)
            : writePurchases(em, file, parsed as ReturnType<typeof parsePurchaseFile>, sourceTag),
      );
      console.log(`${file}: imported`);
      console.log(JSON.stringify({ kind, file, ...summary }));
      return 0;
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof ImportRejectedError) {
      console.error(error.report());
      console.log(JSON.stringify({ kind, file, rejected: true, problems: error.problems.length }));
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed, nothing was written: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
