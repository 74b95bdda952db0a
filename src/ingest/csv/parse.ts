// CSV records per RFC 4180 §2: fields separated by a delimiter, records by CRLF (LF and CR
// accepted too); a field in double quotes may hold delimiters, line breaks and doubled
// quotes (""). Each record remembers the physical line it starts on, so errors can point
// at it. A UTF-8 byte order mark before the header is dropped.

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based physical line where the record starts. */
  readonly line: number;
}

export interface CsvError {
  readonly line: number;
  readonly message: string;
}

export interface CsvParse {
  readonly records: CsvRecord[];
  readonly errors: CsvError[];
}

export function parseCsv(input: string, delimiter: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  /** Consumes a line break at i (CRLF, LF or CR); true if there was one. */
  const lineBreak = (): boolean => {
    if (text[i] === '\r') {
      i += text[i + 1] === '\n' ? 2 : 1;
    } else if (text[i] === '\n') {
      i += 1;
    } else {
      return false;
    }
    line++;
    return true;
  };
  /** Skips the rest of a broken record, honouring quotes, to the next line break outside them. */
  const skipRecord = (): void => {
    let quoted = false;
    while (i < n) {
      if (text[i] === '"') quoted = !quoted;
      else if (!quoted && (text[i] === '\n' || text[i] === '\r')) {
        lineBreak();
        return;
      } else if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
      i++;
    }
  };

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let broken: string | undefined;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        // §2.5-2.7: a quoted field; "" stands for one quote.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\r' || c === '\n') {
            const before = i;
            lineBreak();
            field += text.slice(before, i);
            continue;
          }
          field += c;
          i++;
        }
        if (!closed) {
          broken = 'a quoted field is not closed before the end of the input';
          break;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') {
          broken = `unexpected text after a closing quote in field ${fields.length + 1}`;
          break;
        }
      } else {
        // An unquoted field runs to the delimiter or the line end; a stray quote is kept.
        while (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') field += text[i++];
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (broken !== undefined) {
      errors.push({ line: start, message: broken });
      skipRecord();
      continue;
    }
    lineBreak();
    // A blank line is no record (§2 allows none, spreadsheets write them).
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ fields, line: start });
  }
  return { records, errors };
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * The delimiter that splits the first records into the same number (more than one) of
 * fields most often; `,` when none does (a one-column file).
 */
export function detectDelimiter(text: string): string {
  const sample = text.split(/\r\n|\n|\r/).slice(0, 20).join('\n');
  let best = ',';
  let bestScore = 0;
  for (const delimiter of CANDIDATES) {
    const { records } = parseCsv(sample, delimiter);
    const width = records[0]?.fields.length ?? 0;
    if (width < 2) continue;
    const score = records.filter((r) => r.fields.length === width).length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}
