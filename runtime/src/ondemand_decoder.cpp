// The default record decoder (see ondemand_decoder.hpp).
//
// simdjson's On-Demand parser runs stage 1 on the line (the structural index:
// where every brace, bracket, colon, comma and scalar starts, with UTF-8,
// control characters and unclosed strings checked for the whole line, the
// same stage 1 as the DOM parser's). This decoder then walks that index once,
// itself, and writes each value straight into the record's slots: no tape is
// built (the DOM parser's stage 2) and none is read back.
//
// Why walk the index here rather than through On-Demand's object and value
// classes: those validate only what is visited (a skipped value is stepped
// over unchecked), and visiting every value through them measured slower than
// the DOM path (they track depth and positions per call). The walk below
// visits every token, the members the SLA does not declare included, and
// checks exactly what the DOM parser's stage 2 checks, with simdjson's own
// routines where there are any:
//   - the grammar: '{' then '}' or "key" ':' value, then ',' or '}'; '[' then
//     ']' or value, then ',' or ']'; the record object must be the whole line;
//   - numbers through simdjson's parse_number, the function the DOM parser's
//     stage 2 runs, so the same numbers are accepted with the same values
//     (int64, uint64 or double);
//   - strings with a backslash unescaped by simdjson (the same checks of every
//     escape); a string without one is the bytes between its quotes, which
//     stage 1 has validated;
//   - true, false and null through simdjson's atom checks;
//   - containers deeper than max_depth (or than 256, to bound the recursion)
//     are left to the reference, which applies max_depth.
// Everything this decoder does not handle itself returns false, and
// RecordDecoder decodes the line again with the DOM decoder, which accepts or
// words the error: any malformed JSON, type errors (also in fields no rule
// reads), missing required fields, keys given twice, unknown names under
// strict, an event whose first member is not "type", ids that are not
// strings or integers, unknown stages. A false costs one more parse of that
// line, nothing else: unknown names are counted only after a decode that
// succeeded.
//
// Values are read as the DOM decoder reads them (record_decoder.cpp), case
// by case, so the records are the same: read_value() mirrors read_value(),
// coerced() mirrors coerced(), read_event() mirrors read_event().
//
// Text: a line up to kBorrowLimit bytes is copied into the record's own
// arena and parsed there, so a string without escapes is a view into that
// copy: the record still owns its text, and nothing is copied per string.
// Strings with escapes, and every string of a longer line, are copied.
#include "ondemand_decoder.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "baton/common/distinct.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/program.hpp"
#include "coerce.hpp"

namespace baton {

namespace od = simdjson::ondemand;
namespace simd = simdjson::SIMDJSON_BUILTIN_IMPLEMENTATION;
using decode::is_key;
using decode::kUnset;

namespace {

// Lines up to this size are parsed in the record's arena (see above).
constexpr std::size_t kBorrowLimit = 64 << 10;
// As in record_decoder.cpp: longer lines give their parser memory back.
constexpr std::size_t kKeepCapacity = 4 << 20;
constexpr std::size_t kInitialCapacity = 64 << 10;
// skip() recurses once per level: deeper input is left to the reference.
constexpr std::size_t kMaxRecursion = 256;

bool is_space(std::uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether `text` holds a backslash: eight bytes at a time, the last word
// masked to the text (it lies in the line's copy, which simdjson's padding
// follows, so reading a word past its end is safe). A byte is flagged when
// it is 0x5C; a borrow can flag a byte only above one truly flagged.
[[gnu::always_inline]] inline bool has_backslash(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const char* p = text.data();
  std::size_t n = text.size();
  if constexpr (std::endian::native != std::endian::little) return std::memchr(p, '\\', n) != nullptr;
  if (n == 0) return false;
  for (;;) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    w ^= 0x5C * kOnes;
    std::uint64_t hit = (w - kOnes) & ~w & kHigh;
    if (n <= 8) return (hit & (~std::uint64_t{0} >> (64 - 8 * n))) != 0;
    if (hit) return true;
    p += 8;
    n -= 8;
  }
}

}  // namespace

// What simdjson's parse_number writes to (the DOM parser's is its tape
// writer). It is passed by value on the slow path for long decimals, so it
// writes through a pointer, as the tape writer does.
struct OnDemandDecoder::NumberWriter {
  Number* n;
  void append_s64(std::int64_t v) { n->of = Number::Of::int64, n->i = v; }
  void append_u64(std::uint64_t v) { n->of = Number::Of::uint64, n->u = v; }
  void append_double(double v) { n->of = Number::Of::double_, n->d = v; }
  void skip_double() {}
};

double OnDemandDecoder::Number::as_double() const {
  switch (of) {
    case Of::int64: return static_cast<double>(i);
    case Of::uint64: return static_cast<double>(u);
    default: return d;
  }
}

OnDemandDecoder::OnDemandDecoder(const Program& program, const DecodeOptions& options, const decode::Schema& schema,
                                 const TimeZone* coerce_zone)
    : program_(program),
      schema_(schema),
      coerce_zone_(coerce_zone),
      strict_(options.strict),
      coerce_(options.coerce),
      check_current_stage_(options.check_current_stage),
      max_events_(options.max_events),
      depth_limit_(std::min(options.max_depth, kMaxRecursion)) {}

bool OnDemandDecoder::decode(std::string_view json, Record& record) {
  record_ = &record;
  record.reset(program_);
  unknown_types_.clear();
  unknown_fields_.clear();
  unknown_event_fields_.clear();

  // simdjson reads up to SIMDJSON_PADDING bytes past the end of the line.
  const std::size_t size = json.size(), padded = size + simdjson::SIMDJSON_PADDING;
  char* copy;
  borrowed_ = size <= kBorrowLimit;
  if (borrowed_) {
    copy = record.strings.allocate(padded);
  } else {
    if (buffer_size_ < padded) {
      buffer_size_ = std::max(padded, buffer_size_ * 2);
      buffer_ = std::make_unique<char[]>(buffer_size_);
    }
    copy = buffer_.get();
  }
  if (size > 0) std::memcpy(copy, json.data(), size);  // an empty view's data may be null
  std::memset(copy + size, 0, simdjson::SIMDJSON_PADDING);

  bool ok = false;
  od::json_iterator iterator;
  if (reserve(size) && parser_.iterate_raw(simdjson::padded_string_view(copy, size, padded)).get(iterator) ==
                           simdjson::SUCCESS) {
    line_ = reinterpret_cast<const std::uint8_t*>(copy);
    size_ = size;
    // Most lines have no backslash at all: one vectorised scan of the line
    // then spares the test of every string.
    escapes_ = std::memchr(copy, '\\', size) != nullptr;
    token_ = iterator.position();
    iterator_ = &iterator;
    // The record object, then the end: stage 1 ends its index with the
    // line's length (twice), which no token has.
    ok = read_lead() && *token_ == size;
    iterator_ = nullptr;
  }
  if (size > kKeepCapacity) {
    parser_ = od::parser{};
    buffer_.reset();
    buffer_size_ = 0;
  }
  return ok;
}

void OnDemandDecoder::count_unknown(UnknownNames& unknown) const {
  auto count = [](std::map<std::string, std::uint64_t, std::less<>>& names, std::string_view name) {
    auto it = names.find(name);
    if (it == names.end()) it = names.emplace(std::string(name), 0).first;
    ++it->second;
  };
  for (std::string_view name : unknown_types_) count(unknown.event_types, name);
  for (std::string_view name : unknown_fields_) count(unknown.fields, name);
  for (const auto& [type, name] : unknown_event_fields_)
    count(unknown.fields, program_.image().events[type].name + "." + std::string(name));
}

bool OnDemandDecoder::reserve(std::size_t size) {
  if (parser_.capacity() >= size && parser_.capacity() > 0) return true;  // 0: nothing allocated yet
  std::size_t capacity = std::max({size, kInitialCapacity, std::min(2 * parser_.capacity(), kKeepCapacity)});
  return parser_.allocate(capacity) == simdjson::SUCCESS;
}

// The string at the cursor (a key or a value), and past it, as written:
// its token runs to the next token, the string then whitespace only, so its
// text is what lies between its quotes and the last quote before the next
// token. Escapes are left as they are.
[[gnu::always_inline]] inline bool OnDemandDecoder::raw_string(std::string_view& text) {
  const std::uint8_t* begin = at();
  if (*begin != '"') return false;
  const std::uint8_t* end = line_ + token_[1];
  while (end[-1] != '"') {  // usually the next token follows the closing quote at once
    if (end <= begin + 2 || !is_space(end[-1])) return false;
    --end;
  }
  if (end < begin + 2) return false;
  text = std::string_view(reinterpret_cast<const char*>(begin + 1), static_cast<std::size_t>(end - begin - 2));
  ++token_;
  return true;
}

// The string at the cursor, and past it: without a backslash, the bytes
// between its quotes (stage 1 has validated them); with one, unescaped (and
// checked) by simdjson into the parser's string buffer.
[[gnu::always_inline]] inline bool OnDemandDecoder::string_token(std::string_view& text, bool& in_line) {
  if (!raw_string(text)) return false;
  in_line = !escapes_ || !has_backslash(text);
  return in_line || iterator_->unescape(od::raw_json_string(reinterpret_cast<const std::uint8_t*>(text.data())))
                            .get(text) == simdjson::SUCCESS;
}

// A member name that matched nothing as written: unescaped when it has an
// escape (no declared name has one, so a name that matched needs no check).
bool OnDemandDecoder::unescape_key(std::string_view& name) {
  if (!escapes_ || !has_backslash(name)) return true;
  return iterator_->unescape(od::raw_json_string(reinterpret_cast<const std::uint8_t*>(name.data()))).get(name) ==
         simdjson::SUCCESS;
}

// Reads the value at the cursor once, validating it as the DOM parser's stage
// 2 would, and moves past it; a container is left for the caller to walk.
[[gnu::always_inline]] inline bool OnDemandDecoder::scalar(Scalar& s) {
  const std::uint8_t* p = at();
  switch (*p) {
    case '"': s.kind = Kind::string; return string_token(s.text, s.in_line);
    case 't':
      s.kind = Kind::boolean;
      s.flag = true;
      ++token_;
      return simd::atomparsing::is_valid_true_atom(p);
    case 'f':
      s.kind = Kind::boolean;
      s.flag = false;
      ++token_;
      return simd::atomparsing::is_valid_false_atom(p);
    case 'n':
      s.kind = Kind::null;
      ++token_;
      return simd::atomparsing::is_valid_null_atom(p);
    case '[': s.kind = Kind::array; return true;
    case '{': s.kind = Kind::object; return true;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
      s.kind = Kind::number;
      ++token_;
      NumberWriter writer{&s.number};
      return simd::numberparsing::parse_number(p, writer) == simdjson::SUCCESS;
    }
    default: return false;
  }
}

// A string value the record keeps: a view into the line's copy when that
// lives in the record's arena, else a copy.
[[gnu::always_inline]] inline std::string_view OnDemandDecoder::keep(const Scalar& s) {
  if (s.in_line && borrowed_) return s.text;
  return record_->strings.copy(s.text);
}

// Validates the value at the cursor, which nobody reads (see the top of the
// file), and moves past it.
bool OnDemandDecoder::skip(std::size_t depth) {
  Scalar s;
  if (!scalar(s)) return false;
  if (s.kind == Kind::array) {
    if (!enter(depth)) return false;
    ++token_;
    if (expect(']')) return true;
    do {
      if (!skip(depth + 1)) return false;
    } while (expect(','));
    return expect(']');
  }
  if (s.kind == Kind::object) {
    if (!enter(depth)) return false;
    ++token_;
    if (expect('}')) return true;
    do {
      std::string_view name;
      bool in_line;
      if (!string_token(name, in_line) || !expect(':') || !skip(depth + 1)) return false;
    } while (expect(','));
    return expect('}');
  }
  return true;
}

bool OnDemandDecoder::read_lead() {
  const std::vector<FieldInfo>& fields = program_.image().lead_fields;
  std::fill(record_->fields.begin(), record_->fields.end(), decode::unset_value());
  if (!expect('{')) return false;
  bool id_seen = false, events_seen = false;
  int slot = -1;
  if (!expect('}')) {
    do {
      std::string_view name;
      if (!raw_string(name) || !expect(':')) return false;
      const bool special = is_key(name, "id") || is_key(name, "events");
      slot = special ? -1 : schema_.lead_names.find(name, static_cast<std::size_t>(slot + 1));
      if (slot < 0 && !special && escapes_ && has_backslash(name)) {
        if (!unescape_key(name)) return false;
        slot = schema_.lead_names.find(name);
      }
      if (is_key(name, "id")) {
        if (id_seen || !read_id()) return false;
        id_seen = true;
        continue;
      }
      if (is_key(name, "events")) {
        if (events_seen || !read_events()) return false;
        events_seen = true;
        continue;
      }
      if (slot < 0) {
        if (strict_ || !skip(2)) return false;
        unknown_fields_.push_back(name);
        continue;
      }
      Value& value = record_->fields[static_cast<std::size_t>(slot)];
      if (value.missing != kUnset) return false;  // given twice
      Scalar s;
      if (!scalar(s)) return false;
      const Type type = fields[static_cast<std::size_t>(slot)].type;
      if (s.kind == Kind::string && type == Type::string && !(coerce_ && decode::is_blank(s.text))) {  // the commonest case
        value = Value::of_string(keep(s));
        continue;
      }
      if (!read_value(s, type, 2, value)) return false;
    } while (expect(','));
    if (!expect('}')) return false;
  }
  if (decode::fill_unset(fields, record_->fields.data(), record_->strings, items_) >= 0) return false;
  // The CRM's current stage must be one of the SLA's stages.
  const LifecycleInfo& lc = program_.image().lifecycle;
  if (!lc.present || !check_current_stage_) return true;
  const Value& stage = record_->fields[lc.current_field];
  return stage.is_missing() || program_.stage_index(stage.str()) >= 0;
}

bool OnDemandDecoder::read_id() {
  Scalar s;
  if (!scalar(s)) return false;
  char digits[24];
  std::to_chars_result r{};
  switch (s.kind) {
    case Kind::string: record_->id.assign(s.text); break;
    case Kind::number:
      if (s.number.of == Number::Of::int64) r = std::to_chars(digits, digits + sizeof digits, s.number.i);
      else if (s.number.of == Number::Of::uint64) r = std::to_chars(digits, digits + sizeof digits, s.number.u);
      else return false;
      record_->id.assign(digits, r.ptr);
      break;
    case Kind::null: return true;
    default: return false;
  }
  record_->has_id = true;
  return true;
}

bool OnDemandDecoder::read_events() {
  if (peek() == 'n') {
    Scalar s;
    return scalar(s);  // null: no events
  }
  if (!enter(2) || !expect('[')) return false;
  if (expect(']')) return true;
  std::size_t index = 0;
  do {
    if (index++ >= max_events_ || !read_event()) return false;
  } while (expect(','));
  return expect(']');
}

// An event whose first member is "type" naming its type as a string (every
// other event goes to the reference); a type the SLA does not declare is
// counted and its members only validated.
bool OnDemandDecoder::read_event() {
  if (!enter(3) || !expect('{')) return false;
  Scalar s;
  std::string_view name;
  bool in_line;
  // "type" first, as written (an escaped one goes to the reference).
  if (!raw_string(name) || !is_key(name, "type") || !expect(':') || !scalar(s) || s.kind != Kind::string)
    return false;
  const int type = schema_.event_type(s.text);
  if (type < 0) {
    if (strict_) return false;
    unknown_types_.push_back(s.text);
    while (expect(','))
      if (!string_token(name, in_line) || !expect(':') || !skip(4)) return false;
    return expect('}');
  }
  const EventInfo& info = program_.image().events[static_cast<std::size_t>(type)];
  EventRows& rows = record_->events[static_cast<std::size_t>(type)];
  const decode::NameIndex& names = schema_.event_fields[static_cast<std::size_t>(type)];
  Value* const row = decode::append_unset_row(rows);
  std::uint64_t filled = 0;  // bit i: slot i holds a value (schemas under 64 fields), as in read_event
  int slot = -1;
  while (expect(',')) {
    if (!raw_string(name) || !expect(':')) return false;
    slot = names.find(name, static_cast<std::size_t>(slot + 1));
    if (slot < 0 && escapes_ && has_backslash(name)) {
      if (!unescape_key(name)) return false;
      slot = names.find(name);
    }
    if (is_key(name, "type")) {  // a later "type" is only validated
      if (!skip(4)) return false;
      continue;
    }
    if (slot < 0) {
      if (strict_ || !skip(4)) return false;
      unknown_event_fields_.emplace_back(static_cast<std::size_t>(type), name);
      continue;
    }
    const FieldInfo& field = info.fields[static_cast<std::size_t>(slot)];
    Value& out = row[slot];
    if (out.missing != kUnset || !scalar(s)) return false;  // given twice, or not valid
    // As read_event: text in a string or time field first, then the rest.
    bool done = false;
    if (s.kind == Kind::string && field.type == Type::string && !(coerce_ && decode::is_blank(s.text))) {
      out = Value::of_string(keep(s));
      done = true;
    } else if (s.kind == Kind::string && field.type == Type::time) {
      if (std::optional<std::int64_t> t = decode::record_time(s.text, coerce_zone_ != nullptr)) {
        out = Value::of_int(*t);
        done = true;
      }
    }
    if (!done && !read_value(s, field.type, 4, out)) return false;
    std::uint64_t bit = slot < 64 ? std::uint64_t{1} << slot : 0;
    filled = out.missing == kUnset ? filled & ~bit : filled | bit;  // null (re)sets a slot to unset
  }
  if (!expect('}')) return false;
  const std::size_t count = info.fields.size();
  if (count < 64 && filled == (std::uint64_t{1} << count) - 1) return true;
  return decode::fill_unset(info.fields, row, record_->strings, items_) < 0;
}

// As RecordDecoder::Impl::read_value: one JSON value as a field of `type`,
// null leaving the slot unset. Anything it would reject returns false. A
// container at the cursor is walked here (string sets and lists) or refused.
bool OnDemandDecoder::read_value(const Scalar& s, Type type, std::size_t depth, Value& out) {
  if (s.kind == Kind::null) {
    out = decode::unset_value();
    return true;
  }
  if (coerce_ && coerced(s, type, out)) return true;
  const bool is_number = s.kind == Kind::number;
  const Number& n = s.number;
  switch (type) {
    case Type::int_: {
      if (!is_number || n.of == Number::Of::uint64) return false;
      if (n.of == Number::Of::int64) {
        out = Value::of_int(n.i);
        return true;
      }
      std::int64_t i;
      if (!decode::integral_double_to_int(n.d, i)) return false;
      out = Value::of_int(i);
      return true;
    }
    case Type::number:
      if (!is_number) return false;
      out = Value::of_number(n.as_double());
      return true;
    case Type::string:
      if (s.kind != Kind::string) return false;
      out = Value::of_string(keep(s));
      return true;
    case Type::boolean:
      if (s.kind != Kind::boolean) return false;
      out = Value::of_bool(s.flag);
      return true;
    case Type::time: {
      if (s.kind == Kind::string) {
        std::optional<std::int64_t> t = decode::record_time(s.text);
        if (!t) return false;
        out = Value::of_int(*t);
        return true;
      }
      if (!is_number) return false;
      // Epoch seconds, a fraction dropped; integers exactly.
      const double seconds = std::floor(n.as_double());
      if (!(seconds >= static_cast<double>(decode::kMinTime) && seconds <= static_cast<double>(decode::kMaxTime)))
        return false;
      out = Value::of_int(n.of == Number::Of::int64 ? n.i : static_cast<std::int64_t>(seconds));
      return true;
    }
    case Type::duration: {
      if (s.kind == Kind::string) {
        std::optional<std::int64_t> d = decode::record_duration(s.text);
        if (!d) return false;
        out = Value::of_int(*d);
        return true;
      }
      if (!is_number) return false;
      std::int64_t seconds;
      if (n.of == Number::Of::int64 ? !decode::duration_from_int(n.i, seconds)
                                    : !decode::duration_from_double(n.as_double(), seconds))
        return false;
      out = Value::of_int(seconds);
      return true;
    }
    case Type::string_set:
    case Type::string_list: return s.kind == Kind::array && read_items(depth, type == Type::string_set, out);
    default: return false;
  }
}

// As RecordDecoder::Impl::coerced (--coerce): false leaves the value to the
// plain reading.
bool OnDemandDecoder::coerced(const Scalar& s, Type type, Value& out) {
  const bool is_text = s.kind == Kind::string, is_number = s.kind == Kind::number;
  if (is_text && decode::is_blank(s.text)) {  // as coerced() in record_decoder.cpp
    out = decode::unset_value();
    return true;
  }
  const Number& n = s.number;
  switch (type) {
    case Type::int_:
      if (!is_text) return false;
      if (auto i = coerce::to_int(s.text)) out = Value::of_int(*i);
      else return false;
      return true;
    case Type::number:
      if (!is_text) return false;
      if (auto d = coerce::to_number(s.text)) out = Value::of_number(*d);
      else return false;
      return true;
    case Type::boolean: {
      if (is_number && n.of == Number::Of::int64 && (n.i == 0 || n.i == 1)) {
        out = Value::of_bool(n.i == 1);
        return true;
      }
      if (!is_text) return false;
      if (auto b = coerce::to_bool(s.text)) out = Value::of_bool(*b);
      else return false;
      return true;
    }
    case Type::time: {
      std::optional<std::int64_t> t;
      if (is_text) t = coerce::to_time(s.text, coerce_zone_);
      else if (is_number) t = coerce::epoch_to_time(n.as_double());
      if (!t || *t < decode::kMinTime || *t > decode::kMaxTime) return false;
      out = Value::of_int(*t);
      return true;
    }
    case Type::string: {
      if (!is_number) return false;
      const std::string number = n.of == Number::Of::int64 ? std::to_string(n.i) : fmt::format("{}", n.as_double());
      out = Value::of_string(record_->strings.copy(number));
      return true;
    }
    default: return false;
  }
}

// The array of strings at the cursor, in input order; a set keeps the first
// occurrence of each item (as read_items).
bool OnDemandDecoder::read_items(std::size_t depth, bool is_set, Value& out) {
  if (!enter(depth) || !expect('[')) return false;
  items_.clear();
  if (!expect(']')) {
    do {
      Scalar s;
      if (!scalar(s) || s.kind != Kind::string) return false;
      items_.push_back(Value::of_string(keep(s)));
    } while (expect(','));
    if (!expect(']')) return false;
  }
  const std::size_t count = is_set ? keep_first_occurrences(items_.data(), items_.size(), item_order_) : items_.size();
  out = decode::copy_items(record_->strings, items_.data(), count);
  return true;
}

}  // namespace baton
