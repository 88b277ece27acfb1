#pragma once
// The numeric half of the verifier: every number a program image stores must
// lie in the range the compiler can produce (durations no longer than a
// duration literal, finite points and bounds, caps that are -1 or positive,
// times a literal can spell). The VM and the explanations then never see a
// value their arithmetic or their text forms are not defined for.
#include <string>

#include "baton/runtime/image.hpp"

namespace baton {

// "" when every number is in range; otherwise what is not, in one line.
std::string check_number_ranges(const ProgramImage& image);

}  // namespace baton
