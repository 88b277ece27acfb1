#pragma once
// The explain section's part of verify_image (format v5): every index it
// holds in range, every register of the type the renderers read it as, every
// condition's parts a well-formed tree, every explain chunk owned.
#include <string>

#include "baton/runtime/image.hpp"

namespace baton {

// "" when sound, else what is wrong (one line). Runs after the main verifier,
// so the chunk and register tables are already known to be consistent.
std::string verify_explain(const ProgramImage& image);

}  // namespace baton
