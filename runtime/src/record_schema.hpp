#pragma once
// What both record decoders share (record_decoder.cpp, the DOM reference, and
// ondemand_decoder.cpp, the default): the schema's name tables, the "not yet
// filled" slot marker, the limits on times and integers, and the rules that
// fill slots no JSON value gave. Keeping them in one place is what keeps the
// two decoders' results identical.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/bytes.hpp"
#include "baton/common/value.hpp"
#include "baton/runtime/image.hpp"
#include "baton/runtime/record.hpp"

namespace baton::decode {

// Internal marker for a slot no JSON value has filled yet (absent or null);
// finish_slots() turns it into a default, a missing value or an error.
constexpr std::uint8_t kUnset = 2;

inline Value unset_value() {
  Value v{};
  v.missing = kUnset;
  return v;
}

// Epoch seconds must print as a four-digit year: 0001-01-01 .. 9999-12-31.
constexpr std::int64_t kMinTime = -62135596800;
constexpr std::int64_t kMaxTime = 253402300799;
// Doubles in [-2^63, 2^63) convert to int64 exactly when integral.
constexpr double kInt64Bound = 9223372036854775808.0;

inline bool integral_double_to_int(double d, std::int64_t& out) {
  if (!(d >= -kInt64Bound && d < kInt64Bound) || d != std::floor(d)) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && bytes_equal(a.data(), b.data(), a.size());
}

[[gnu::always_inline]] inline bool is_key(std::string_view key, std::string_view name) { return same_text(key, name); }

// The caller strips the line ending; a BOM (first line of a file written by
// some Windows tools) and a stray '\r' from CRLF files are handled here.
inline std::string_view strip_line(std::string_view json) {
  if (json.starts_with("\xEF\xBB\xBF")) json.remove_prefix(3);
  if (json.ends_with('\r')) json.remove_suffix(1);
  return json;
}

// Name -> index, looked up once per JSON member. Small schemas (an event's
// fields, the event types) are scanned, where the length check rejects
// nearly every other name; larger ones use an open-addressing table (at most
// a quarter full) hashed on the length and the first and last bytes.
class NameIndex {
 public:
  void build(const std::vector<std::string_view>& names) {
    names_ = names;
    slots_.clear();
    mask_ = 0;
    if (names_.size() <= kLinearLimit) return;
    std::size_t size = 16;
    while (size < 4 * names_.size()) size *= 2;
    slots_.assign(size, -1);
    mask_ = size - 1;
    // In declaration order, so with a repeated name the first one is found.
    for (std::size_t i = 0; i < names_.size(); ++i) {
      std::size_t h = hash(names_[i]) & mask_;
      while (slots_[h] >= 0) h = (h + 1) & mask_;
      slots_[h] = static_cast<int>(i);
    }
  }

  // Writers usually put an object's members in schema order: try the name
  // after the previous member's first.
  [[gnu::always_inline]] int find(std::string_view name, std::size_t guess) const {
    if (guess < names_.size() && same_text(names_[guess], name)) return static_cast<int>(guess);
    return find(name);
  }

  [[gnu::always_inline]] int find(std::string_view name) const {
    if (slots_.empty()) {
      for (std::size_t i = 0; i < names_.size(); ++i)
        if (same_text(names_[i], name)) return static_cast<int>(i);
      return -1;
    }
    for (std::size_t h = hash(name) & mask_;; h = (h + 1) & mask_) {
      int i = slots_[h];
      if (i < 0 || same_text(names_[static_cast<std::size_t>(i)], name)) return i;
    }
  }

 private:
  static constexpr std::size_t kLinearLimit = 8;

  static std::size_t hash(std::string_view s) {
    if (s.empty()) return 0;
    auto first = static_cast<unsigned char>(s.front()), last = static_cast<unsigned char>(s.back());
    return (s.size() * 32 + first) * 8 + last;
  }

  std::vector<std::string_view> names_;  // point into the Program's image
  std::vector<int> slots_;               // index into names_, -1 when free; empty: scan
  std::size_t mask_ = 0;
};

// The program's record schema as name tables, built once per decoder.
class Schema {
 public:
  Schema(const ProgramImage& image, bool event_types_ignore_case) : ignore_case_(event_types_ignore_case) {
    lead_names.build(names_of(image.lead_fields));
    std::vector<std::string_view> types;
    for (const EventInfo& e : image.events) {
      types.push_back(e.name);
      event_fields.emplace_back().build(names_of(e.fields));
    }
    event_types_.build(types);
    if (ignore_case_)
      for (std::string_view t : types) lower_type_names_.push_back(lowered(t));
  }

  NameIndex lead_names;
  std::vector<NameIndex> event_fields;  // per event type

  // An event type as declared, or -1; with event_types_ignore_case the
  // letter case does not matter.
  int event_type(std::string_view name) const {
    int type = event_types_.find(name);
    if (type >= 0 || !ignore_case_) return type;
    const std::string key = lowered(name);
    for (std::size_t i = 0; i < lower_type_names_.size(); ++i)
      if (lower_type_names_[i] == key) return static_cast<int>(i);
    return -1;
  }

 private:
  static std::vector<std::string_view> names_of(const std::vector<FieldInfo>& fields) {
    std::vector<std::string_view> names;
    for (const FieldInfo& f : fields) names.push_back(f.name);
    return names;
  }

  static std::string lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

  bool ignore_case_;
  NameIndex event_types_;
  std::vector<std::string> lower_type_names_;  // event_types_ignore_case: declared names, lower-cased
};

// Moves item Values into the record's arena, aligned for Value.
inline Value copy_items(Arena& strings, const Value* source, std::size_t count) {
  if (count == 0) return Value::of_items(nullptr, 0);
  char* raw = strings.allocate(count * sizeof(Value) + alignof(Value) - 1);
  auto address = reinterpret_cast<std::uintptr_t>(raw);
  address = (address + alignof(Value) - 1) & ~(std::uintptr_t{alignof(Value)} - 1);
  auto* target = reinterpret_cast<Value*>(address);
  std::memcpy(static_cast<void*>(target), source, count * sizeof(Value));
  return Value::of_items(target, static_cast<std::uint32_t>(count));
}

// A field's default literal. Strings point into the Program's image, which
// outlives every record decoded for it. `items` is scratch.
inline Value default_value(const FieldInfo& field, Arena& strings, std::vector<Value>& items) {
  const Literal& lit = field.default_value;
  switch (field.type) {
    case Type::number: return Value::of_number(lit.n);
    case Type::string: return Value::of_string(lit.s);
    case Type::boolean: return Value::of_bool(lit.i != 0);
    case Type::string_set:
    case Type::string_list:
      items.clear();
      for (const std::string& s : lit.items) items.push_back(Value::of_string(s));
      return copy_items(strings, items.data(), items.size());
    default: return Value::of_int(lit.i);
  }
}

// Slots no JSON value filled: the default when there is one, else missing
// when optional. Returns the first required field left without a value
// (the record is rejected), or -1.
inline long fill_unset(const std::vector<FieldInfo>& fields, Value* slots, Arena& strings, std::vector<Value>& items) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (slots[i].missing != kUnset) continue;
    const FieldInfo& field = fields[i];
    if (field.has_default)
      slots[i] = default_value(field, strings, items);
    else if (field.optional)
      slots[i] = Value::absent();
    else
      return static_cast<long>(i);
  }
  return -1;
}

}  // namespace baton::decode
