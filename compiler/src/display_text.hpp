// Source text as outputs show it (explain, hand-off reasons, review): on one
// line, comments dropped, each run of white space one space, string and regex
// literals kept exactly as written. The texts of the debug and explain
// sections are made with it, so a rule aligned in columns in the source does
// not carry that alignment into a CRM field.
#pragma once

#include <string>
#include <string_view>

namespace baton::codegen {

std::string display_text(std::string_view source_text);

}  // namespace baton::codegen
