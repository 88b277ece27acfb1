#pragma once
// How JSON Lines text held in memory is split into records, one rule for the
// C API (baton_evaluate_jsonl) and `baton serve`'s batch bodies, the same one
// `baton score` applies to files as it streams them (cli/line_reader.hpp):
// a UTF-8 byte-order mark at the start is skipped; the first line end says
// how lines end (baton/common/line_ends.hpp): CR alone when a run of CRs that no LF follows ends the first
// line (a text written for old Macs), else LF (a CRLF line keeps its CR,
// which is space to JSON). Line numbers count those lines.
#include <cstdint>
#include <string_view>

namespace baton {

// A line of spaces, tabs, CRs and LFs (an LF sits inside a line of a text of
// CR lines) after a byte-order mark: not a record. The decoder skips a mark
// on any line, so an empty export concatenated with others leaves such a line.
bool is_blank_line(std::string_view line);

// '\r' or '\n': how the lines of `text` (after its byte-order mark) end.
char json_lines_line_end(std::string_view text);

// Walks a JSON Lines text line by line, skipping blank lines but counting
// them, numbering from 1.
class JsonLinesCursor {
 public:
  explicit JsonLinesCursor(std::string_view text);
  // The next line that is not blank (without its line end; a view into the
  // text) and its number; false at the end.
  bool next(std::string_view& line, std::uint64_t& number);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint64_t number_ = 0;
  char line_end_ = '\n';
};

}  // namespace baton
