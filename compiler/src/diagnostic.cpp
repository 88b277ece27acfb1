#include "baton/compiler/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "baton/runtime/output.hpp"  // append_json_string: one JSON escaper for the project

namespace baton {

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

namespace {

// Replaces bytes that would garble a terminal (control characters, invalid
// UTF-8 is left to the terminal) so a binary file still renders one line.
// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto u = static_cast<unsigned char>(s[i]);
  std::size_t n = u < 0x80 ? 1 : (u >> 5) == 0x6 ? 2 : (u >> 4) == 0xE ? 3 : (u >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

std::string printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    auto u = static_cast<unsigned char>(line[i]);
    std::size_t n = utf8_sequence(line, i);
    if (line[i] == '\t') out += ' ';
    else if (n == 0 || u < 0x20 || u == 0x7F) out += '?';
    else out.append(line.substr(i, n));
    i += n ? n : 1;
  }
  return out;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Byte offset of code point `n` of `s` (s.size() past its end): a cut there
// never splits a UTF-8 sequence.
std::size_t code_point_offset(std::string_view s, std::size_t n) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n-- == 0) return i;
  return s.size();
}

// The source line as shown under a diagnostic, and where its carets go.
struct ShownLine {
  std::string text;
  std::size_t caret = 0;  // columns before the first caret
  std::size_t width = 1;  // carets
};

// A line longer than this many columns (a generated or minified one-line
// SLA) is shown as a window around the caret, "..." on each cut side, so one
// diagnostic stays a few lines instead of echoing megabytes.
constexpr std::size_t kShownColumns = 120;
constexpr std::string_view kCut = "...";

ShownLine shown_line(std::string_view line, std::size_t caret, std::size_t width) {
  const std::size_t length = code_points(line);
  if (length <= kShownColumns) return {printable(line), caret, width};
  constexpr std::size_t kWindow = kShownColumns - 2 * kCut.size();
  // A third of the window before the caret: the text it points at, and what follows, matter most.
  const std::size_t first = std::min(caret > kWindow / 3 ? caret - kWindow / 3 : 0, length - kWindow);
  const std::size_t last = first + kWindow;
  const std::size_t begin = code_point_offset(line, first), end = code_point_offset(line, last);
  const std::string_view before = first > 0 ? kCut : "", after = last < length ? kCut : "";
  ShownLine shown;
  shown.text = std::string(before) + printable(line.substr(begin, end - begin)) + std::string(after);
  shown.caret = before.size() + (caret - first);
  shown.width = caret < last ? std::clamp<std::size_t>(width, 1, last - caret) : 1;
  return shown;
}

}  // namespace

std::string render_text(const SourceFile& file, const Diagnostic& d, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* yellow = color ? "\x1b[1;33m" : "";
  const char* blue = color ? "\x1b[1;34m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* tint = d.severity == Severity::error ? red : d.severity == Severity::warning ? yellow : blue;

  LineColumn at = file.position(d.span.begin);
  std::string out = fmt::format("{}{}:{}:{}: {}{}[{}]{}{}: {}{}\n", bold, file.path(), at.line, at.column, tint,
                                severity_name(d.severity), d.code, reset, bold, d.message, reset);
  std::string gutter(std::to_string(at.line).size(), ' ');
  std::string_view line = file.line_text(at.line);
  if (at.line <= file.line_count() && !file.text().empty()) {
    // The caret spans the rest of the span on its first line (at least one column).
    auto line_start = static_cast<std::uint32_t>(line.data() - file.text().data());
    std::uint32_t line_end = line_start + static_cast<std::uint32_t>(line.size());
    std::uint32_t span_end = std::clamp(d.span.end, d.span.begin, line_end);
    std::size_t width = std::max<std::size_t>(1, code_points(file.slice({d.span.begin, span_end})));
    ShownLine shown = shown_line(line, at.column - 1, width);
    out += fmt::format("{}{} |{}\n", blue, gutter, reset);
    out += fmt::format("{}{} |{} {}\n", blue, at.line, reset, shown.text);
    out += fmt::format("{}{} |{} {}{}{}{}\n", blue, gutter, reset, std::string(shown.caret, ' '), tint,
                       std::string(shown.width, '^'), reset);
  }
  for (const auto& h : d.help) out += fmt::format("{}{} = {}help:{} {}\n", blue, gutter, bold, reset, h);
  return out;
}

std::string render_json(const SourceFile& file, const Diagnostic& d) {
  LineColumn begin = file.position(d.span.begin);
  LineColumn end = file.position(std::max(d.span.end, d.span.begin));
  std::string out = "{\"file\":";
  append_json_string(file.path(), out);
  out += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"severity\":\"{}\",\"code\":\"{}\",\"message\":",
                     begin.line, begin.column, end.line, end.column, severity_name(d.severity), d.code);
  append_json_string(d.message, out);
  out += ",\"help\":[";
  for (std::size_t i = 0; i < d.help.size(); ++i) {
    if (i) out += ',';
    append_json_string(d.help[i], out);
  }
  out += "]}";
  return out;
}

namespace {
// Edits, with two swapped neighbours counting as one (`mlq` -> `mql`).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}
}  // namespace

std::string closest_name(std::string_view wrong, const std::vector<std::string>& candidates) {
  // `SQL` for `sql`, `Company_Size`: the same name in other letters' case.
  auto same_letter = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  for (const auto& c : candidates)
    if (c.size() == wrong.size() && c != wrong && std::equal(c.begin(), c.end(), wrong.begin(), same_letter)) return c;
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  // A typo changes at most about a third of a name.
  std::size_t limit = std::max<std::size_t>(1, (wrong.size() + 2) / 3);
  for (const auto& c : candidates) {
    // Lengths alone rule most candidates out, and cheaply.
    std::size_t length_gap = c.size() > wrong.size() ? c.size() - wrong.size() : wrong.size() - c.size();
    if (length_gap > limit) continue;
    std::size_t dist = edit_distance(wrong, c);
    if (dist < best_distance && dist <= limit) {
      best = c;
      best_distance = dist;
    }
  }
  return best;
}

}  // namespace baton
