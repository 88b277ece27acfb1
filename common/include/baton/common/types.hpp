#pragma once
// The static types of the baton language. The checker assigns one to every
// expression; the bytecode records one per register; the VM never inspects a
// value's type at run time because the verifier has already proved it.
#include <cstdint>
#include <string_view>

namespace baton {

enum class Type : std::uint8_t {
  invalid = 0,  // an expression that failed to check (suppresses cascades)
  int_,         // 64-bit signed integer
  number,       // IEEE double
  string,       // UTF-8 text
  boolean,
  time,         // seconds since the Unix epoch, UTC
  duration,     // seconds
  string_set,   // set<string>: a lead field or a constant set
  string_list,  // list<string>
  regex,        // constants only: /.../flags
  stage,        // a stage name (only in test expectations)
  event_ref,    // first(EVENT)/last(EVENT) before a field is taken
  count_        // number of types; keep last
};

constexpr std::string_view type_name(Type t) {
  switch (t) {
    case Type::invalid: return "<error>";
    case Type::int_: return "int";
    case Type::number: return "number";
    case Type::string: return "string";
    case Type::boolean: return "bool";
    case Type::time: return "time";
    case Type::duration: return "duration";
    case Type::string_set: return "set<string>";
    case Type::string_list: return "list<string>";
    case Type::regex: return "regex";
    case Type::stage: return "stage";
    case Type::event_ref: return "event";
    case Type::count_: break;
  }
  return "?";
}

constexpr bool is_numeric(Type t) { return t == Type::int_ || t == Type::number; }

}  // namespace baton
