/**
 * CSV sample rows for `edgesign sign`, streamed: csv-parse reads the input in chunks and the rows come
 * out in batches, so a recording of any length is signed in bounded memory. The file has an optional
 * header row of sensor names, then one row per sample, one column per sensor; `,`, `;` or tab separate
 * cells (RFC 4180 quoting), blank lines and lines starting with `#` are skipped.
 * @module
 */
import { parse } from 'csv-parse';
import { EdgesignError } from 'edgesign';

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Rows per batch handed to the signer: large enough to amortize the calls, small enough to stay bounded. */
export const BATCH_ROWS = 4096;

/** A streamed CSV: the header (known once the first batch is read), then the rows in batches. */
export interface CsvRows {
  /** The header row's sensor names, when there is one; `null` otherwise. Set before the first batch. */
  header: string[] | null;
  /** Columns per row (0 until the first row or header is read). */
  cols: number;
  /** Row-major batches of at most {@link BATCH_ROWS} rows. */
  batches: AsyncIterable<number[][]>;
}

/** Reads CSV rows from `input` as they arrive; every error names the line (`E_CSV_*`, `E_NON_FINITE`). */
export function csvRows(input: NodeJS.ReadableStream): CsvRows {
  const result: CsvRows = { header: null, cols: 0, batches: batches() };
  async function* batches(): AsyncGenerator<number[][]> {
    const parser = input.pipe(
      parse({
        bom: true,
        delimiter: [',', ';', '\t'],
        comment: '#',
        comment_no_infix: true,
        skip_empty_lines: true,
        skip_records_with_empty_values: true,
        trim: true,
        relax_column_count: true,
        info: true,
      }),
    );
    let batch: number[][] = [];
    let rowIndex = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (result.header === null && rowIndex === 0 && record.some((c) => !NUMBER_RE.test(c))) {
          result.header = checkHeader(record, line);
          result.cols = record.length;
          continue;
        }
        if (result.cols === 0) result.cols = record.length;
        batch.push(toRow(record, result.cols, line, rowIndex++));
        if (batch.length === BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
    } catch (e) {
      if (e instanceof EdgesignError) throw e;
      const code = (e as { code?: string }).code ?? '';
      // csv-parse reports malformed quoting and the like with CSV_* codes; a read failure is not one.
      if (code.startsWith('CSV_')) throw new EdgesignError('E_CSV_ROW', `the CSV cannot be parsed: ${(e as Error).message}`);
      throw new EdgesignError('E_READ', `cannot read the input: ${(e as Error).message}`);
    }
    if (batch.length > 0) yield batch;
  }
  return result;
}

function checkHeader(cells: string[], line: number): string[] {
  if (cells.some((c) => c === '')) throw new EdgesignError('E_CSV_HEADER', `line ${line}: the header row has an empty sensor name`, { line });
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c)) throw new EdgesignError('E_CSV_HEADER', `line ${line}: the header row names ${JSON.stringify(c)} twice`, { line });
    seen.add(c);
  }
  return cells;
}

function toRow(cells: string[], cols: number, line: number, row: number): number[] {
  if (cells.length !== cols) throw new EdgesignError('E_CSV_ROW', `line ${line} has ${cells.length} columns, expected ${cols}`, { line, row });
  const out = new Array<number>(cols);
  for (let c = 0; c < cols; c++) {
    const cell = cells[c]!;
    if (!NUMBER_RE.test(cell)) throw new EdgesignError('E_CSV_VALUE', `line ${line}, column ${c + 1}: ${JSON.stringify(cell)} is not a number`, { line, row, col: c });
    const v = Number(cell);
    if (!Number.isFinite(v)) throw new EdgesignError('E_NON_FINITE', `line ${line}, column ${c + 1}: ${cell} is out of range for a double`, { line, row, col: c });
    out[c] = v;
  }
  return out;
}
