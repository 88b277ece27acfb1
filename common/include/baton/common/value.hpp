#pragma once
// One register or record slot. Untagged: the static type says which member is
// live (see types.hpp). 16 bytes so a lead's slots and the VM's registers stay
// in a few cache lines.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace baton {

struct Value {
  union {
    std::int64_t i;      // int, time (epoch seconds), duration (seconds)
    double n;            // number
    bool b;              // bool
    const char* s;       // string bytes (not NUL-terminated); len = byte count
    const Value* items;  // set<string> / list<string>: len string Values
    const void* p;       // regex: a compiled RE2 owned by the Program
  };
  std::uint32_t len;
  std::uint8_t missing;  // 1 when absent: an optional field, an empty min/max...

  static Value of_int(std::int64_t v) { Value x{}; x.i = v; return x; }
  static Value of_number(double v) { Value x{}; x.n = v; return x; }
  static Value of_bool(bool v) { Value x{}; x.b = v; return x; }
  static Value of_string(std::string_view v) {
    Value x{};
    x.s = v.data();
    x.len = static_cast<std::uint32_t>(v.size());
    return x;
  }
  static Value of_items(const Value* items, std::uint32_t count) {
    Value x{};
    x.items = items;
    x.len = count;
    return x;
  }
  static Value absent() { Value x{}; x.missing = 1; return x; }

  std::string_view str() const { return len ? std::string_view(s, len) : std::string_view(); }
  bool is_missing() const { return missing != 0; }
};

static_assert(sizeof(Value) == 16, "Value must stay two words");

}  // namespace baton
