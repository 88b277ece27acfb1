#pragma once
// A number with a fixed number of decimals, as `text(x, n)` writes it: rounded
// half to even on the binary value, and never "-0" (a small negative number
// rounded away reads as zero). Hand-off summaries' `{x:.Nf}` print the same.
#include <string>

namespace baton::stdlib {

std::string fixed_text(double x, int decimals);

}  // namespace baton::stdlib
