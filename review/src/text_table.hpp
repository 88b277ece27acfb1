#pragma once
// Plain-text tables for the terminal: columns padded to their widest cell
// (counted in code points, so names with accents line up), aligned by
// `align`: one letter per column, 'l' or 'r' (columns past it: 'r').
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/common/printable.hpp"

namespace baton::review {

inline std::size_t text_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class TextTable {
 public:
  explicit TextTable(std::string align = "l") : align_(std::move(align)) {}
  // Cells may hold lead data (route targets, outcome names): its control
  // characters are shown escaped, so no cell breaks a line or the terminal.
  void row(std::vector<std::string> cells) {
    for (std::string& cell : cells) cell = printable(cell);
    rows_.push_back(std::move(cells));
  }
  void render(std::string& out, const std::string& indent = "  ") const {
    std::vector<std::size_t> widths;
    for (const auto& r : rows_)
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (widths.size() <= i) widths.push_back(0);
        widths[i] = std::max(widths[i], text_width(r[i]));
      }
    for (const auto& r : rows_) {
      std::string line = indent;
      for (std::size_t i = 0; i < r.size(); ++i) {
        std::string pad(widths[i] - text_width(r[i]), ' ');
        if (i) line += "  ";
        bool left = i < align_.size() && align_[i] == 'l';
        line += left ? r[i] + pad : pad + r[i];
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }

 private:
  std::string align_;
  std::vector<std::vector<std::string>> rows_;
};

// Numbers for people: at most two decimals, no trailing zeros ("57.99", "12",
// "-0.5"); from 1e16 on, where two decimals say nothing and the digits of
// the binary value run to 300, the shortest exact text ("1e+308").
inline std::string short_number(double v) {
  if (!std::isfinite(v)) return "-";
  if (std::fabs(v) >= 1e16) return fmt::format("{}", v);
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

inline std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

inline std::string signed_short(double v) { return (v > 0 ? "+" : "") + short_number(v); }

// after - before, signed, also when it lies beyond the largest double
// (-1e308 to 1e308 is a shift of +2e+308): then from half the difference,
// which a double holds, written with a decimal exponent.
inline std::string shift_text(double before, double after) {
  const double shift = after - before;
  if (std::isfinite(shift)) return signed_short(shift);
  const double half = after / 2 - before / 2;
  int exponent = static_cast<int>(std::floor(std::log10(std::fabs(half))));
  double mantissa = half / std::pow(10, exponent) * 2;
  if (std::fabs(mantissa) >= 10) {
    mantissa /= 10;
    ++exponent;
  }
  return fmt::format("{:+.15g}e+{}", mantissa, exponent);
}

}  // namespace baton::review
