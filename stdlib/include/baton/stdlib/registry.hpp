#pragma once
// The one table of built-in functions. Each function is declared once, with
// its signature, documentation and implementation: the checker reads the
// signature, the VM calls the implementation through the CALL opcode, and
// `baton stdlib` / docs/stdlib.md print the documentation.
//
// Families live in one file each (stdlib/src/strings.cpp, regex.cpp, ...),
// each with a register_<family>(Registry&) entry called by builtins().
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/arena.hpp"
#include "baton/common/types.hpp"
#include "baton/common/value.hpp"

namespace baton::stdlib {

// What an implementation may use besides its arguments. Nothing else: no
// clock, no environment, no I/O, so every function is pure and deterministic.
struct CallContext {
  Arena& arena;        // for strings and lists the function returns
  std::int64_t as_of;  // evaluation time, epoch seconds (days_since etc.)
};

// args has exactly as many entries as the call site passed (>= params.size()).
using Impl = void (*)(CallContext& ctx, std::span<const Value> args, Value& out);

enum class Kind : std::uint8_t {
  function,   // an ordinary call, implemented by `impl`
  aggregate,  // count/any/sum/... over events; compiled to the AGG opcode,
              // listed here for documentation and did-you-mean only
};

struct Function {
  // Every member has a default so that registrations can use designated
  // initializers and name only what they set (-Wmissing-field-initializers).
  std::string_view name{};
  std::vector<Type> params{};
  Type variadic = Type::invalid;  // when set: any number of further args of this type
  Type result = Type::invalid;
  // When true the VM returns a missing result if any argument is missing,
  // without calling impl. present(), coalesce() and count_true() set it false.
  bool propagate_missing = true;
  std::string_view family{};   // "strings", "regex", ...: one of families()
  std::string_view summary{};  // one line
  std::string_view example{};  // `lower("GESCHÄFTSFÜHRER") == "geschäftsführer"`
  std::string_view missing{};  // what a missing argument does, when not the default
  // The parameter that names an IANA time zone, or -1: the compiler checks a
  // literal there (E0320), as a misspelt zone only ever gives missing.
  int zone_param = -1;
  Impl impl = nullptr;
  Kind kind = Kind::function;
};

class Registry {
 public:
  void add(Function f) { functions_.push_back(std::move(f)); }
  const std::vector<Function>& all() const { return functions_; }
  // Index of every overload with this name, in declaration order.
  std::vector<std::uint32_t> overloads(std::string_view name) const;
  const Function& at(std::uint32_t index) const { return functions_[index]; }
  // The families of the functions, each once, in registration order.
  std::vector<std::string_view> families() const;
  // Finds the overload whose params match exactly (used by the loader to
  // re-bind a program's imports); -1 when none.
  int find_exact(std::string_view name, std::span<const Type> params, Type result) const;

 private:
  std::vector<Function> functions_;
};

// "name(param, ..., variadic...) -> result", as shown in docs/stdlib.md, in
// `baton stdlib` and in the checker's "wrong argument types" message.
// Aggregates print as "name(EVENT ...)".
std::string signature(const Function& f);

// The registry with every family registered; built once, immutable, thread-safe.
const Registry& builtins();

// Family entry points (one per source file).
void register_strings(Registry& r);
void register_regex(Registry& r);
void register_email(Registry& r);
void register_sets(Registry& r);
void register_numbers(Registry& r);
void register_text(Registry& r);
void register_time(Registry& r);
void register_routing(Registry& r);
void register_aggregates(Registry& r);

}  // namespace baton::stdlib
