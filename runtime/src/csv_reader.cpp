// CsvReader (csv.hpp): libcsv tokenizes; this file feeds it a physical line
// at a time so that each row can be named by the line it starts on, bounds
// the memory a row may take, and turns libcsv's parse errors into rejected
// rows instead of a lost file.
//
// libcsv is a push parser that keeps its state between calls, so the input
// is read in fixed blocks and never needs a whole line in memory; only the
// current row's cells are held (in `cells`), libcsv's own field buffer, and
// the raw bytes of the row after its first line (in `rest`, up to the row
// limit): a row that fails after its first line is rejected as that line,
// and its other lines are read again as rows of their own. An unclosed quote
// swallows the rows after it until the limit or the end of the input; read
// again, none of them is lost.
#include <csv.h>

#include <cstring>

#include <fmt/format.h>

#include "baton/common/line_ends.hpp"
#include "baton/runtime/csv.hpp"

namespace baton {

namespace {

constexpr std::size_t kBlock = 1 << 20;
// libcsv's field buffer grows to the largest cell and never shrinks: after
// a row that grew it past this, the parser is made anew.
constexpr std::size_t kKeepFieldBuffer = 1 << 20;

// Spaces and tabs around a cell are dropped (so `a, "b"` is two cells, as
// most writers mean it; the decoder trims cells anyway), and so is the CR of
// a CRLF line end. Only LF ends a row, so a row ends at most once per
// physical line (only CR, in a file whose lines end in CR alone).
int is_space(unsigned char c) { return c == '\r' || c == ' ' || c == '\t'; }
int is_term(unsigned char c) { return c == '\n'; }
// Files whose lines end in CR alone (Excel's "CSV (Macintosh)"): CR is the
// line end instead, so their rows are not read as one long header.
int is_space_cr_lines(unsigned char c) { return c == ' ' || c == '\t'; }
int is_term_cr_lines(unsigned char c) { return c == '\r'; }

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

struct CsvReader::Impl {
  std::FILE* file = nullptr;
  std::string block;       // FILE mode: the current block
  std::string_view input;  // unread bytes of the block (or the whole text)
  bool eof = false;
  // After a rewind: `input` is (the rest of) `replay`, and `resume` is what
  // remained of the input before it.
  bool replaying = false;
  std::string replay;
  std::string_view resume;
  bool first = true;  // the BOM check is still to do
  bool read_error = false;
  char line_end = '\n';  // '\r' for a file whose lines end in CR alone
  std::uint64_t bytes = 0;
  std::size_t max_row;
  csv_parser parser{};

  std::uint64_t line = 0;      // the physical line being fed (0: none yet)
  bool at_line_start = true;   // the next byte begins a new physical line
  bool in_row = false;         // a row has begun and not ended
  bool skipping = false;       // after an error: drop bytes up to the next LF
  std::uint64_t row_line = 0;
  std::size_t row_bytes = 0;
  bool row_past_first_line = false;  // the row's first line end has been fed
  std::string rest;                  // the row's bytes after its first line
  bool row_done = false;
  std::string text;  // the current row's cells, end to end
  std::vector<std::pair<std::size_t, std::size_t>> spans;

  explicit Impl(std::size_t max) : max_row(max) { init_parser(); }
  ~Impl() { csv_free(&parser); }

  void init_parser() {
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_space_func(&parser, line_end == '\r' ? is_space_cr_lines : is_space);
    csv_set_term_func(&parser, line_end == '\r' ? is_term_cr_lines : is_term);
  }
  void reset_parser() {
    csv_free(&parser);
    init_parser();
  }

  static void on_cell(void* s, std::size_t len, void* data) {
    auto* self = static_cast<Impl*>(data);
    self->spans.emplace_back(self->text.size(), len);
    if (len) self->text.append(static_cast<const char*>(s), len);
  }
  static void on_row(int, void* data) { static_cast<Impl*>(data)->row_done = true; }

  // More input into `input`; false at the end.
  bool refill() {
    if (!input.empty()) return true;
    if (replaying) {
      replaying = false;
      input = resume;
      resume = {};
      std::string().swap(replay);  // up to a row limit's worth
      if (!input.empty()) return true;
    }
    if (eof) return false;
    if (!file) {
      eof = true;
      return false;
    }
    block.resize(kBlock);
    std::size_t n = std::fread(block.data(), 1, block.size(), file);
    if (n == 0) {
      eof = true;
      read_error = std::ferror(file) != 0;
      return false;
    }
    input = std::string_view(block.data(), n);
    return true;
  }

  void fail(CsvRow& row, std::string message) {
    row.cells.clear();
    for (auto [at, len] : spans) row.cells.emplace_back(text.data() + at, len);  // before the fault
    row.line = row_line;
    row.error = std::move(message);
    reset_parser();
    in_row = false;
  }

  // After `fail` on a row that spans lines: its first line is the rejected
  // row, and the bytes after it (`rest`, then `unfed` of the input the row
  // was reading when it failed) are read again, from the row's second line.
  void rewind(std::string_view unfed) {
    std::string again = std::move(rest);
    again.append(unfed);
    if (replaying) again.append(input);  // the rest of an earlier rewind
    else resume = input;
    replay = std::move(again);
    input = replay;
    replaying = true;
    rest.clear();
    line = row_line;
    at_line_start = true;
    skipping = false;
  }

  bool next(CsvRow& row);
  bool feed_chunk(CsvRow& row);
  bool finish(CsvRow& row);
  void take_row(CsvRow& row) {
    row.error.clear();
    row.line = row_line;
    row.cells.clear();
    for (auto [at, len] : spans) row.cells.emplace_back(text.data() + at, len);
    row_done = false;
    in_row = false;
    if (csv_get_buffer_size(&parser) > kKeepFieldBuffer) reset_parser();
    if (rest.capacity() > kKeepFieldBuffer) std::string().swap(rest);
  }
};

bool CsvReader::Impl::next(CsvRow& row) {
  text.clear();
  spans.clear();
  for (;;) {
    if (!refill()) return finish(row);
    if (first) {
      first = false;
      if (input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);
      if (input.empty()) continue;
      if (first_line_end(input) == '\r') {  // baton/common/line_ends.hpp
        line_end = '\r';
        reset_parser();
      }
    }
    if (feed_chunk(row)) return true;
  }
}

// Feeds the input up to and including the next line end (LF, or CR in a
// file of CR lines; or all of it); true when that completed a row or an
// error, which `row` then holds.
bool CsvReader::Impl::feed_chunk(CsvRow& row) {
  const void* lf = std::memchr(input.data(), line_end, input.size());
  const std::size_t size = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - input.data()) + 1 : input.size();
  const std::string_view chunk = input.substr(0, size);
  input.remove_prefix(size);
  if (!replaying) bytes += size;
  if (at_line_start) ++line;
  at_line_start = lf != nullptr;
  if (skipping) {
    skipping = lf == nullptr;
    return false;
  }
  if (!in_row) {
    if (is_blank(chunk)) return false;  // a blank line between rows
    in_row = true;
    row_line = line;
    row_bytes = 0;
    row_past_first_line = false;
    rest.clear();
  }
  row_bytes += size;
  if (row_bytes > max_row) {
    fail(row, fmt::format("row is larger than {} bytes (an unclosed quote?)", max_row));
    if (row_past_first_line) rewind(chunk);
    else skipping = lf == nullptr;
    return true;
  }
  if (row_past_first_line) rest.append(chunk);
  if (csv_parse(&parser, chunk.data(), chunk.size(), on_cell, on_row, this) != chunk.size()) {
    const int code = csv_error(&parser);
    fail(row, code == CSV_EPARSE ? std::string("bad quoting: a quote inside an unquoted cell, or text after a closing quote")
                                 : fmt::format("cannot read the row: {}", csv_strerror(code)));
    if (row_past_first_line) rewind({});
    else skipping = lf == nullptr;
    return true;
  }
  if (lf) row_past_first_line = true;
  if (!row_done) return false;
  take_row(row);
  return true;
}

// The end of the input: a last row without a line end, or an unclosed quote.
bool CsvReader::Impl::finish(CsvRow& row) {
  if (!in_row) return false;
  if (csv_fini(&parser, on_cell, on_row, this) != 0) {
    fail(row, "unclosed quote: the row's last quoted cell has no closing quote");
    if (row_past_first_line) rewind({});
    return true;
  }
  if (!row_done) {  // nothing but spaces after the last line end
    in_row = false;
    return false;
  }
  take_row(row);
  return true;
}

CsvReader::CsvReader(std::FILE* file, std::size_t max_row_bytes) : impl_(std::make_unique<Impl>(max_row_bytes)) {
  impl_->file = file;
}

CsvReader::CsvReader(std::string_view text, std::size_t max_row_bytes) : impl_(std::make_unique<Impl>(max_row_bytes)) {
  impl_->input = text;
}

CsvReader::~CsvReader() = default;

bool CsvReader::next(CsvRow& row) { return impl_->next(row); }
std::uint64_t CsvReader::bytes_read() const { return impl_->bytes; }
bool CsvReader::failed() const { return impl_->read_error; }

}  // namespace baton
