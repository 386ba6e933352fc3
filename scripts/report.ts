// `npm run report -- combine a.json b.json …`: combines site reports for coordinators who only receive files.
// Prints the combined result as JSON on stdout; a refused file exits with code 2 and names the file and problem.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CombineError, combineReports, readReport } from '../server/capabilities/report/combine.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...files] = argv;
  if (command !== 'combine' || files.length === 0) {
    process.stderr.write('usage: npm run report -- combine a.json b.json …\n');
    return 1;
  }
  try {
    const reports = [];
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new CombineError('MALFORMED_FILE', path.basename(file), 'cannot be read');
      }
      reports.push({ file: path.basename(file), report: readReport(path.basename(file), text) });
    }
    process.stdout.write(JSON.stringify(combineReports(reports), null, 2) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof CombineError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
