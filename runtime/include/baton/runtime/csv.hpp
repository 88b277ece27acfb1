#pragma once
// Lead records from CSV, the shape most CRM exports have: a header row names
// the columns, each further row is one lead without events (docs/cli.md,
// "Lead data"). Two parts:
//   CsvReader   splits RFC 4180 text into rows of cells (quoted cells may hold
//               commas, line breaks and doubled quotes), streaming, with the
//               physical line each row starts on;
//   CsvDecoder  maps the header's columns to lead fields and decodes a row
//               into a Record, with the same field readers, coercion, errors
//               and unknown-name counts as the JSON decoder (record.hpp).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baton/runtime/record.hpp"

namespace baton {

// One row of cells. The views point into the reader and stay valid until its
// next call to next().
struct CsvRow {
  std::vector<std::string_view> cells;
  std::uint64_t line = 0;  // the physical line (1-based) the row starts on
  std::string error;       // not empty: the row could not be read (cells: those before the fault)
};

class CsvReader {
 public:
  // Reads `file` in blocks; memory stays bounded by the largest row read.
  // A row longer than `max_row_bytes` is skipped with an error (an unclosed
  // quote would otherwise swallow the rest of the file).
  explicit CsvReader(std::FILE* file, std::size_t max_row_bytes = 16 << 20);
  // Reads text held in memory (it must outlive the reader).
  explicit CsvReader(std::string_view text, std::size_t max_row_bytes = 16 << 20);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next row, false at the end. A byte-order mark at the start is
  // skipped; lines end in LF or CRLF (or CR alone, when the first line
  // does: old Mac exports); blank lines are not rows.
  bool next(CsvRow& row);
  // Bytes consumed from the input so far.
  std::uint64_t bytes_read() const;
  bool failed() const;  // the FILE reported a read error

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Which lead field a column fills: the columns named by the mapping first,
// then a column named exactly like a field, then one whose name normalizes
// to a field's ("Company Size", "company-size" -> company_size). "id" is the
// record's id. A mapping to "" ignores the column.
struct CsvMapping {
  std::vector<std::pair<std::string, std::string>> columns;  // column -> field
  // The first `shared` entries come from a mapping shared by several exports
  // and SLAs (`baton serve --map`): one naming a column the header lacks, or
  // a field this SLA lacks, is skipped instead of refused.
  std::size_t shared = 0;

  // "Company Size=company_size" (the last '=' splits; spaces around either
  // name are dropped); false when there is no '=' or no column name.
  bool add(std::string_view column_equals_field);
  // A JSON object {"Company Size": "company_size", "Notes": ""}; false with
  // `error` when it is not one.
  bool add_json(std::string_view json, std::string& error);
};

// "company_size" from "Company Size": lower case, every run of other
// characters than ASCII letters and digits one '_', none at either end.
std::string csv_normalized_name(std::string_view column);

class CsvDecoder {
 public:
  // Cells are always text, so `options.coerce` is implied (and `coerce_zone`
  // applies); `strict` rejects rows with a value in an unknown column.
  CsvDecoder(std::shared_ptr<const Program> program, DecodeOptions options, CsvMapping mapping = {});
  ~CsvDecoder();
  CsvDecoder(const CsvDecoder&) = delete;
  CsvDecoder& operator=(const CsvDecoder&) = delete;

  // Reads the header row. False with `error` when it cannot be used: a
  // blank or repeated column name, two columns for one field, a mapping
  // that names a column the header lacks or a field the SLA lacks.
  bool header(const std::vector<std::string_view>& names, std::string& error);
  // Reads the first row of `reader` into `row` and takes it as the header.
  // False with `error` when there is none ("no header row: ..."), the reader
  // could not read it whole, or header() refuses it; row.line is its line.
  bool read_header(CsvReader& reader, CsvRow& row, std::string& error);
  // The lead field (or "id") each header column fills; "" when none.
  const std::vector<std::string>& column_fields() const;

  // Decodes one row (after header()). An empty cell is a missing value; a
  // set or list cell holds its items separated by ';'. On failure returns
  // false, fills `error` and sets record.id/has_id when the id could be read.
  bool decode(const std::vector<std::string_view>& cells, Record& record, DecodeError& error);
  // The row as the JSON lead record decode() reads (all values text), for
  // pipelines that carry JSON lines: a RecordDecoder made with
  // csv_options() reads it as decode() would. False with `error` (and `id`
  // when known) when the row has no such record.
  bool to_json(const std::vector<std::string_view>& cells, std::string& out, DecodeError& error, std::string* id);
  // A row from CsvReader::next() as to_json() writes it; false with `error`
  // (and `id` when the cells hold one) when the reader could not read it
  // whole or it gives no record.
  bool row_to_json(const CsvRow& row, std::string& out, DecodeError& error, std::string* id);
  // The id in a row's cells ("" when there is no id column or cell), e.g.
  // to name a row CsvReader could not read whole.
  std::string id_of(const std::vector<std::string_view>& cells) const;
  // Everything unknown seen so far (unknown columns count once per row
  // that has a value in them).
  const UnknownNames& unknown() const;
  // The options rows are read with (coerce set).
  static DecodeOptions csv_options(DecodeOptions options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baton
