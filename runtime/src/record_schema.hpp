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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/bytes.hpp"
#include "baton/common/distinct.hpp"
#include "baton/common/time.hpp"
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
constexpr std::int64_t kMinTime = kFirstTime;
constexpr std::int64_t kMaxTime = kLastTime;

// A timestamp as text in a record: parse_time's, within the years a record
// may hold (the year 0000 parses, and does not print as a record's time).
inline std::optional<std::int64_t> record_time(std::string_view text) {
  std::optional<std::int64_t> t = parse_time(text);
  return t && *t >= kMinTime ? t : std::nullopt;
}
// The same for the decoders' fast paths, which run before coercion: with a
// --coerce-zone a date alone ("2026-06-10") is midnight in that zone
// (coerce::to_time), not UTC's, so it is left to the coercion.
inline std::optional<std::int64_t> record_time(std::string_view text, bool zoned) {
  if (zoned && text.size() == 10) return std::nullopt;
  return record_time(text);
}
// --coerce: a string that is empty or spaces and tabs only is no value, as
// an empty CSV cell is (CRM exports write "" for an owner or stage not set).
inline bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

// Why parse_time refused a record's time that is well formed: it is later
// than 9999-12-31T23:59:59Z once its negative offset is applied
// ("9999-12-31T23:00:00-01:00"), or earlier than the year 1.
inline bool time_out_of_range(std::string_view text) {
  if (parse_time(text)) return true;  // the year 0000, or the bounds checked by the caller
  const std::size_t sign = text.find_last_of('-');
  if (sign == std::string_view::npos || sign < 11) return false;
  const std::string_view offset = text.substr(sign + 1);
  auto two = [&](std::size_t at, unsigned limit) {
    return at + 2 <= offset.size() && offset[at] >= '0' && offset[at] <= '9' && offset[at + 1] >= '0' &&
           offset[at + 1] <= '9' && unsigned((offset[at] - '0') * 10 + (offset[at + 1] - '0')) <= limit;
  };
  const bool colon = offset.size() == 5 && offset[2] == ':';
  if (!(colon || offset.size() == 4) || !two(0, 23) || !two(colon ? 3 : 2, 59)) return false;
  std::string utc(text.substr(0, sign));
  utc += 'Z';
  return parse_time(utc).has_value();
}

// Durations given as numbers are held to the text form's limit,
// kMaxDuration: a JSON number of seconds is no way around it. A double is
// truncated toward zero; 2^61 is the first double past kMaxDuration.
constexpr double kDurationBound = 2305843009213693952.0;
static_assert(static_cast<double>(kMaxDuration) == kDurationBound);

// A duration as text in a record: parse_duration's form, or with a minus
// before the whole of it ("-2h"), as a negative duration prints, so every
// duration a decision writes reads back. (An SLA's literals have no sign:
// there `-` is an operator.)
inline std::optional<std::int64_t> record_duration(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  std::optional<std::int64_t> d = parse_duration(negative ? text.substr(1) : text);
  if (d && negative) *d = -*d;
  return d;
}

// Why record_duration refused text of the right shape ("26687997791826d",
// "-26687997791826d"): it is longer than kMaxDuration.
inline bool duration_out_of_range(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  return duration_too_long(text);
}

inline bool duration_from_int(std::int64_t seconds, std::int64_t& out) {
  if (seconds > kMaxDuration || seconds < -kMaxDuration) return false;
  out = seconds;
  return true;
}
inline bool duration_from_double(double seconds, std::int64_t& out) {
  seconds = std::trunc(seconds);
  if (!(seconds > -kDurationBound && seconds < kDurationBound)) return false;
  out = static_cast<std::int64_t>(seconds);
  return true;
}

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

// Name -> index, looked up once per JSON member (and once per event for its
// type). When the names allow it (nearly always), a perfect hash: the length
// and three bytes of a name (first, middle, last) packed into a word,
// multiplied by a seed found at build time so that every declared name gets a
// slot of its own; a lookup is one multiplication, one table read and one
// compare of the text. Names that share length, first, middle and last byte
// cannot be told apart that way: then small schemas are scanned (the length
// check rejects nearly every other name) and larger ones use an
// open-addressing table (at most a quarter full).
class NameIndex {
 public:
  void build(const std::vector<std::string_view>& names) {
    names_ = names;
    slots_.clear();
    mask_ = 0;
    perfect_.clear();
    if (build_perfect()) return;
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
    if (!perfect_.empty()) {
      int i = perfect_[perfect_slot(name)];
      return i >= 0 && same_text(names_[static_cast<std::size_t>(i)], name) ? i : -1;
    }
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

  // Whether lookups go through the perfect hash (for the tests).
  bool perfect() const { return !perfect_.empty(); }

 private:
  static constexpr std::size_t kLinearLimit = 8;

  static std::size_t hash(std::string_view s) {
    if (s.empty()) return 0;
    auto first = static_cast<unsigned char>(s.front()), last = static_cast<unsigned char>(s.back());
    return (s.size() * 32 + first) * 8 + last;
  }

  // Length (low byte; longer names share it with shorter ones, the compare
  // of the text decides), first, middle and last byte; 0 for "".
  [[gnu::always_inline]] static std::uint32_t key(std::string_view s) {
    const std::size_t n = s.size();
    if (n == 0) return 0;
    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
    return static_cast<std::uint32_t>(n & 0xFF) | byte(0) << 8 | byte(n / 2) << 16 | byte(n - 1) << 24;
  }

  [[gnu::always_inline]] std::size_t perfect_slot(std::string_view s) const {
    return static_cast<std::size_t>((std::uint64_t{key(s)} * seed_) >> shift_);
  }

  // Looks for a seed that gives every name its own slot, in tables of 2 to 16
  // slots per name; false when there is none (two names with the same key,
  // or no luck), and the other forms are used.
  bool build_perfect() {
    if (names_.empty()) return false;
    unsigned bits = 1;
    while ((std::size_t{1} << bits) < 2 * names_.size()) ++bits;
    for (unsigned extra = 0; extra < 4; ++extra, ++bits) {
      if (bits > 16) break;
      std::uint64_t seed = 0x9E3779B97F4A7C15;  // odd; a fixed sequence keeps builds reproducible
      for (int attempt = 0; attempt < 64; ++attempt, seed += 0x2545F4914F6CDD1E) {
        seed_ = seed | 1;
        shift_ = 64 - bits;
        perfect_.assign(std::size_t{1} << bits, -1);
        bool ok = true;
        for (std::size_t i = 0; i < names_.size() && ok; ++i) {
          int& slot = perfect_[perfect_slot(names_[i])];
          // A repeated name keeps its first declaration, as the other forms do.
          if (slot >= 0 && !same_text(names_[static_cast<std::size_t>(slot)], names_[i])) ok = false;
          else if (slot < 0) slot = static_cast<int>(i);
        }
        if (ok) return true;
      }
    }
    perfect_.clear();
    return false;
  }

  std::vector<std::string_view> names_;  // point into the Program's image
  std::vector<int> slots_;               // index into names_, -1 when free; empty: scan
  std::size_t mask_ = 0;
  std::vector<int> perfect_;             // the perfect hash's table (index into names_, -1); empty: not used
  std::uint64_t seed_ = 0;
  unsigned shift_ = 64;
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
  [[gnu::always_inline]] int event_type(std::string_view name) const {
    int type = event_types_.find(name);
    if (type >= 0 || !ignore_case_) return type;
    return event_type_folded(name);
  }

 private:
  [[gnu::noinline]] int event_type_folded(std::string_view name) const {
    const std::string key = lowered(name);
    for (std::size_t i = 0; i < lower_type_names_.size(); ++i)
      if (lower_type_names_[i] == key) return static_cast<int>(i);
    return -1;
  }

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

// Appends one event's row of unset slots and returns its first slot: the
// rows are the first count * stride values, the rest is room kept from
// earlier records, so a row costs its stores, with no per-slot growth check.
[[gnu::always_inline]] inline Value* append_unset_row(EventRows& rows) {
  std::vector<Value>& values = rows.values;
  const std::size_t begin = std::size_t{rows.count} * rows.stride, end = begin + rows.stride;
  if (values.size() < end) values.resize(std::max<std::size_t>(end, 2 * values.size()));
  ++rows.count;
  Value* row = values.data() + begin;
  for (std::uint32_t i = 0; i < rows.stride; ++i) row[i] = unset_value();
  return row;
}

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
    case Type::string_list: {
      items.clear();
      for (const std::string& s : lit.items) items.push_back(Value::of_string(s));
      std::size_t count = items.size();
      // The compiler writes a set's default without repeats; a file compiled
      // before it did may have them.
      if (field.type == Type::string_set) {
        std::vector<std::uint32_t> scratch;  // allocates only for a default of more than a few items
        count = keep_first_occurrences(items.data(), count, scratch);
      }
      return copy_items(strings, items.data(), count);
    }
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
