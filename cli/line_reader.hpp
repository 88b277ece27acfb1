#pragma once
// Reads JSON Lines from a FILE's descriptor (nothing may have been read
// through the FILE itself) in large blocks, a line at a time, without
// holding more than one block plus the current line in memory. A line longer
// than the limit is skipped (reported, never buffered whole), so a 1 GB line
// cannot exhaust memory.
//
// A UTF-8 byte-order mark at the start is skipped (a file holding only one
// has no line). As baton/runtime/json_lines.hpp splits text in memory, but
// streaming: the first line end says how lines end (baton/common/line_ends.hpp,
// as for CSV): CR alone when a run of CRs that no LF follows ends the first
// line (a file written for old Macs), else LF (a CRLF line keeps its CR, which
// is blank to is_blank_line and space to JSON). Line numbers count those lines.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "baton/runtime/json_lines.hpp"  // is_blank_line: what no record is

namespace baton::cli {

class LineReader {
 public:
  // The first bytes kept of a line over the limit: enough to name its record.
  static constexpr std::size_t kOversizedHead = 4096;

  LineReader(std::FILE* file, std::size_t max_line_bytes);

  // The next line without its '\n' (valid until the next call); false at the
  // end. `oversized` is set when the line was longer than the limit: `line`
  // then holds its first bytes only (kOversizedHead at most, within the limit).
  bool next(std::string_view& line, bool& oversized);
  std::uint64_t line_number() const { return line_number_; }
  std::uint64_t bytes_read() const { return bytes_read_; }
  bool failed() const { return error_ != 0; }
  int error() const { return error_; }  // the errno of a failed read, else 0

 private:
  bool fill();
  void start();  // before the first line: the byte-order mark and the line end

  char line_end_ = '\n';
  bool started_ = false;

  int fd_;
  std::size_t max_line_;
  std::string buffer_;
  std::string head_;  // of the oversized line being skipped
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  int error_ = 0;
  std::uint64_t line_number_ = 0;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace baton::cli
