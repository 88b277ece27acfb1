#pragma once
// How the lines of a text end, one rule for every reader of lines (JSON Lines
// files and texts, CSV): the first line end tells. CR alone when a run of CRs
// that a byte other than LF follows ends the first line (a file written for
// old Macs); else LF (CR CR LF, which some Windows writers produce, is a CRLF
// line, and a CRLF line keeps its CR, which is space to JSON and CSV).
#include <optional>
#include <string_view>

namespace baton {

// '\r' or '\n' for the start of a text, or nullopt while it cannot tell yet:
// no line end in it, or it ends inside the first line end's run of CRs (a
// reader then reads on, and takes LF when the input ends first).
inline std::optional<char> first_line_end(std::string_view text) {
  const std::size_t end = text.find_first_of("\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  if (text[end] == '\n') return '\n';
  const std::size_t after = text.find_first_not_of('\r', end);
  if (after == std::string_view::npos) return std::nullopt;
  return text[after] == '\n' ? '\n' : '\r';
}

}  // namespace baton
