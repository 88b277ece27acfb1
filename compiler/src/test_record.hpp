#pragma once
// A test block's lead and events written as the JSON record `baton score`
// would read, so tests go through the same decoder as production data.
#include <cstdint>
#include <string>

#include "baton/compiler/check.hpp"

namespace baton {

std::string test_record_json(const ast::TestDecl& test, const CheckedFile& checked, std::int64_t as_of);

}  // namespace baton
