// Regex functions over RE2 (linear time, safe on untrusted input). Plain
// matching is the `matches` operator (its own opcode), not a function. The
// pattern is always a constant that the runtime compiled when the program
// was loaded; the argument carries a pointer to that re2::RE2.
#include <re2/re2.h>

#include "support.hpp"

namespace baton::stdlib {
namespace {

const re2::RE2& pattern_of(const Value& v) { return *static_cast<const re2::RE2*>(v.p); }

re2::StringPiece piece_of(const Value& v) { return {v.s, v.len}; }

// The captured text is a view into the argument, so nothing is copied.
void extract_impl(CallContext&, std::span<const Value> args, Value& out) {
  const re2::RE2& re = pattern_of(args[1]);
  re2::StringPiece text = piece_of(args[0]);
  re2::StringPiece groups[2];
  int group = re.NumberOfCapturingGroups() > 0 ? 1 : 0;
  if (!re.Match(text, 0, text.size(), re2::RE2::UNANCHORED, groups, group + 1) ||
      groups[group].data() == nullptr) {
    out = Value::absent();
    return;
  }
  out = Value::of_string({groups[group].data(), groups[group].size()});
}

constexpr std::string_view kFamily = "regex";

}  // namespace

void register_regex(Registry& r) {
  r.add({.name = "extract", .params = {Type::string, Type::regex}, .result = Type::string,
         .family = kFamily,
         .summary = "text of the first capture group of the first match (the whole match without groups)",
         .example = R"(extract("/pricing?plan=team", /plan=(\w+)/) == "team")",
         .missing = "missing when the regex does not match or the first group took no part in the match",
         .impl = extract_impl});
}

}  // namespace baton::stdlib
