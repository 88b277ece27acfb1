#pragma once
// A number with a fixed number of decimals, as `text(x, n)` writes it: rounded
// half to even on the binary value, and never "-0" (a small negative number
// rounded away reads as zero). Hand-off summaries' `{x:.Nf}` print the same.
#include <cmath>
#include <string>

namespace baton::stdlib {

std::string fixed_text(double x, int decimals);

// Whether text(x, n) writes x at all: it is missing for NaN, infinity and
// magnitudes from 1e21 (where the fixed form is a wall of digits), and a
// summary's `{x:.Nf}` prints "n/a" for them, as for a missing value.
inline bool fixed_text_defined(double x) { return std::isfinite(x) && std::fabs(x) < 1e21; }

}  // namespace baton::stdlib
