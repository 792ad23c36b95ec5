// Reads a Parquet file with hyparquet, a reader that shares nothing with parquet-java, and prints what it found as
// JSON lines: first each row group's codec, the columns (name, physical type, logical type, repetition) and the row
// count; then every row, one a line, each value tagged with how it was stored: {"int64": "…"}, {"millis": "…"} or
// {"micros": "…"} for timestamps, a string, or null. Row groups are read one at a time, so a file of a million rows
// never has to be held whole.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const parsers = {
  timestampFromMilliseconds: v => ({ millis: v.toString() }),
  timestampFromMicroseconds: v => ({ micros: v.toString() }),
}
const tagged = value => value === undefined || value === null ? null
  : typeof value === 'bigint' ? { int64: value.toString() } : value
const line = object => JSON.stringify(Object.fromEntries(Object.entries(object).map(([name, value]) => [name, tagged(value)])))
const write = text => new Promise(resolve => process.stdout.write(text, resolve))

await write(JSON.stringify({
  rows: Number(metadata.num_rows),
  rowGroups: metadata.row_groups.length,
  codecs: [...new Set(metadata.row_groups.flatMap(g => g.columns.map(c => c.meta_data.codec)))],
  columns: metadata.schema.slice(1).map(e => ({
    name: e.name, type: e.type, logicalType: e.logical_type?.type ?? null,
    unit: e.logical_type?.unit ?? null, repetition: e.repetition_type,
  })),
}) + '\n')
let rowStart = 0
for (const group of metadata.row_groups) {
  const rowEnd = rowStart + Number(group.num_rows)
  const rows = await parquetReadObjects({ file, metadata, compressors, parsers, rowStart, rowEnd })
  // in slices: one string of a large row group's rows would pass V8's limit on a string's length
  for (let i = 0; i < rows.length; i += 10000) {
    await write(rows.slice(i, i + 10000).map(line).join('\n') + '\n')
  }
  rowStart = rowEnd
}
