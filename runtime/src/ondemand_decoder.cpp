// The On-Demand record decoder (see ondemand_decoder.hpp).
//
// Why it can say "accepted" with certainty. simdjson's On-Demand API
// validates only what it visits: a value that is skipped is stepped over by
// its structural characters, unchecked. So nothing is skipped here: every
// value of the line is visited, the ones the SLA does not declare included
// (skip() walks them), and visiting checks exactly what the DOM parser's
// stage 2 checks:
//   - stage 1 (the same indexer for both APIs) has checked UTF-8, unescaped
//     control characters and unclosed strings for the whole line;
//   - object and array iteration check every comma, colon, brace and
//     bracket; the root object must be the whole line (trailing content is
//     left to the reference);
//   - numbers go through get_number(), the same parse_number() the DOM
//     parser runs, so the same numbers are accepted with the same values
//     (int64, uint64 or double);
//   - strings with a backslash are unescaped by get_string(), which rejects
//     the escapes the DOM parser rejects; a string without one is the bytes
//     between its quotes (stage 1 has validated them);
//   - true, false and null are checked letter by letter and by what follows;
//   - containers deeper than max_depth (or than 256, to bound the recursion)
//     are left to the reference, which applies max_depth.
// Everything this decoder does not handle itself returns false, and
// RecordDecoder decodes the line again with the DOM decoder, which accepts or
// words the error: type errors (also in fields the SLA never reads), missing
// required fields, keys given twice, unknown names under strict, an event
// whose first member is not "type", ids that are not strings or integers,
// unknown stages. A false costs one more parse of that line, nothing else:
// the unknown names are counted only after a decode that succeeded.
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

#include <date/tz.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/runtime/program.hpp"
#include "coerce.hpp"

namespace baton {

namespace od = simdjson::ondemand;
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

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Any number as a double, as dom::element::get_double() gives it.
double as_double(const od::number& n) {
  switch (n.get_number_type()) {
    case od::number_type::signed_integer: return static_cast<double>(n.get_int64());
    case od::number_type::unsigned_integer: return static_cast<double>(n.get_uint64());
    default: return n.get_double();
  }
}

}  // namespace

OnDemandDecoder::OnDemandDecoder(const Program& program, const DecodeOptions& options, const decode::Schema& schema,
                                 const date::time_zone* coerce_zone)
    : program_(program),
      schema_(schema),
      coerce_zone_(coerce_zone),
      strict_(options.strict),
      coerce_(options.coerce),
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
  std::memcpy(copy, json.data(), size);
  std::memset(copy + size, 0, simdjson::SIMDJSON_PADDING);
  line_end_ = copy + size;

  bool ok = false;
  od::document doc;
  od::object lead;
  if (reserve(size) && parser_.iterate(copy, size, padded).get(doc) == simdjson::SUCCESS &&
      doc.get_object().get(lead) == simdjson::SUCCESS && read_lead(lead)) {
    // The object must be the whole line: past its '}' there is nothing.
    const char* rest = nullptr;
    ok = doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
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
  if (parser_.capacity() >= size) return true;
  std::size_t capacity = std::max({size, kInitialCapacity, std::min(2 * parser_.capacity(), kKeepCapacity)});
  return parser_.allocate(capacity) == simdjson::SUCCESS;
}

// A member's name: the bytes between its quotes when it has no escape (the
// closing quote is then the first quote), else unescaped by simdjson.
bool OnDemandDecoder::key(od::field& f, std::string_view& out) {
  const char* begin = reinterpret_cast<const char*>(f.key().raw());
  const void* quote = std::memchr(begin, '"', static_cast<std::size_t>(line_end_ - begin));
  if (!quote) return false;
  out = std::string_view(begin, static_cast<std::size_t>(static_cast<const char*>(quote) - begin));
  if (!std::memchr(out.data(), '\\', out.size())) return true;
  return f.unescaped_key().get(out) == simdjson::SUCCESS;
}

// Reads a scalar once, validating it as the DOM parser would.
bool OnDemandDecoder::scalar(od::value& v, Scalar& s) {
  if (v.type().get(s.kind) != simdjson::SUCCESS) return false;
  switch (s.kind) {
    case JsonType::string: {
      // The token runs to the next structural character: the string, then
      // whitespace only. Without a backslash its text is what lies between
      // the quotes; with one, simdjson unescapes (and checks) it.
      const std::string_view token = v.raw_json_token();
      std::size_t end = token.size();
      while (end > 1 && is_space(token[end - 1])) --end;
      if (end < 2 || token[0] != '"' || token[end - 1] != '"') return false;
      s.text = token.substr(1, end - 2);
      s.in_line = !std::memchr(s.text.data(), '\\', s.text.size());
      return s.in_line || v.get_string().get(s.text) == simdjson::SUCCESS;
    }
    case JsonType::number: return v.get_number().get(s.number) == simdjson::SUCCESS;
    case JsonType::boolean: return v.get_bool().get(s.flag) == simdjson::SUCCESS;
    case JsonType::null: {
      bool is_null = false;
      return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    default: return true;  // a container: the caller walks it
  }
}

// A string value the record keeps: a view into the line's copy when that
// lives in the record's arena, else a copy.
std::string_view OnDemandDecoder::keep(const Scalar& s) {
  if (s.in_line && borrowed_) return s.text;
  return record_->strings.copy(s.text);
}

// Validates a value nobody reads (see the top of the file).
bool OnDemandDecoder::skip(od::value v, std::size_t depth) {
  Scalar s;
  if (!scalar(v, s)) return false;
  if (s.kind == JsonType::array) {
    od::array list;
    if (!enter(depth) || v.get_array().get(list) != simdjson::SUCCESS) return false;
    for (auto item : list) {
      od::value x;
      if (item.get(x) != simdjson::SUCCESS || !skip(x, depth + 1)) return false;
    }
  } else if (s.kind == JsonType::object) {
    od::object obj;
    if (!enter(depth) || v.get_object().get(obj) != simdjson::SUCCESS) return false;
    for (auto member : obj) {
      od::field f;
      std::string_view name;
      if (std::move(member).get(f) != simdjson::SUCCESS || !key(f, name) || !skip(f.value(), depth + 1)) return false;
    }
  }
  return true;
}

bool OnDemandDecoder::read_lead(od::object lead) {
  const std::vector<FieldInfo>& fields = program_.image().lead_fields;
  std::fill(record_->fields.begin(), record_->fields.end(), decode::unset_value());
  bool id_seen = false, events_seen = false;
  int slot = -1;
  for (auto member : lead) {
    od::field f;
    std::string_view name;
    if (std::move(member).get(f) != simdjson::SUCCESS || !key(f, name)) return false;
    od::value v = f.value();
    if (is_key(name, "id")) {
      if (id_seen || !read_id(v)) return false;
      id_seen = true;
      continue;
    }
    if (is_key(name, "events")) {
      if (events_seen || !read_events(v)) return false;
      events_seen = true;
      continue;
    }
    slot = schema_.lead_names.find(name, static_cast<std::size_t>(slot + 1));
    if (slot < 0) {
      if (strict_ || !skip(v, 2)) return false;
      unknown_fields_.push_back(name);
      continue;
    }
    Value& value = record_->fields[static_cast<std::size_t>(slot)];
    if (value.missing != kUnset) return false;  // given twice
    Scalar s;
    if (!scalar(v, s) || !read_value(v, s, fields[static_cast<std::size_t>(slot)].type, 2, value)) return false;
  }
  if (decode::fill_unset(fields, record_->fields.data(), record_->strings, items_) >= 0) return false;
  // The CRM's current stage must be one of the SLA's stages.
  const LifecycleInfo& lc = program_.image().lifecycle;
  if (!lc.present) return true;
  const Value& stage = record_->fields[lc.current_field];
  return stage.is_missing() || program_.stage_index(stage.str()) >= 0;
}

bool OnDemandDecoder::read_id(od::value v) {
  Scalar s;
  if (!scalar(v, s)) return false;
  char digits[24];
  std::to_chars_result r{};
  switch (s.kind) {
    case JsonType::string: record_->id.assign(s.text); break;
    case JsonType::number:
      if (s.number.is_int64()) r = std::to_chars(digits, digits + sizeof digits, s.number.get_int64());
      else if (s.number.is_uint64()) r = std::to_chars(digits, digits + sizeof digits, s.number.get_uint64());
      else return false;
      record_->id.assign(digits, r.ptr);
      break;
    case JsonType::null: return true;
    default: return false;
  }
  record_->has_id = true;
  return true;
}

bool OnDemandDecoder::read_events(od::value v) {
  Scalar s;
  if (!scalar(v, s)) return false;
  if (s.kind == JsonType::null) return true;
  od::array list;
  if (s.kind != JsonType::array || !enter(2) || v.get_array().get(list) != simdjson::SUCCESS) return false;
  std::size_t index = 0;
  for (auto item : list) {
    od::value event;
    if (item.get(event) != simdjson::SUCCESS || index++ >= max_events_ || !read_event(event)) return false;
  }
  return true;
}

// An event whose first member is "type" naming its type as a string (every
// other event goes to the reference); a type the SLA does not declare is
// counted and its members only validated.
bool OnDemandDecoder::read_event(od::value v) {
  od::object obj;
  if (!enter(3) || v.get_object().get(obj) != simdjson::SUCCESS) return false;
  int type = -1;
  bool first = true;
  const EventInfo* info = nullptr;
  EventRows* rows = nullptr;
  const decode::NameIndex* names = nullptr;
  std::size_t begin = 0;
  std::uint64_t filled = 0;  // bit i: slot i holds a value (schemas under 64 fields), as in read_event
  int slot = -1;
  for (auto member : obj) {
    od::field f;
    std::string_view name;
    if (std::move(member).get(f) != simdjson::SUCCESS || !key(f, name)) return false;
    od::value value = f.value();
    if (first) {
      first = false;
      Scalar s;
      if (!is_key(name, "type") || !scalar(value, s) || s.kind != JsonType::string) return false;
      type = schema_.event_type(s.text);
      if (type < 0) {
        if (strict_) return false;
        unknown_types_.push_back(s.text);
        continue;
      }
      info = &program_.image().events[static_cast<std::size_t>(type)];
      rows = &record_->events[static_cast<std::size_t>(type)];
      names = &schema_.event_fields[static_cast<std::size_t>(type)];
      begin = rows->values.size();
      for (std::uint32_t i = 0; i < rows->stride; ++i) rows->values.push_back(decode::unset_value());
      ++rows->count;
      continue;
    }
    // Members of an unknown type, and any later "type", are only validated.
    if (type < 0 || is_key(name, "type")) {
      if (!skip(value, 4)) return false;
      continue;
    }
    slot = names->find(name, static_cast<std::size_t>(slot + 1));
    if (slot < 0) {
      if (strict_ || !skip(value, 4)) return false;
      unknown_event_fields_.emplace_back(static_cast<std::size_t>(type), name);
      continue;
    }
    const FieldInfo& field = info->fields[static_cast<std::size_t>(slot)];
    Value& out = rows->values[begin + static_cast<std::size_t>(slot)];
    if (out.missing != kUnset) return false;  // given twice
    Scalar s;
    if (!scalar(value, s)) return false;
    // As read_event: text in a string or time field first, then the rest.
    bool done = false;
    if (s.kind == JsonType::string && field.type == Type::string) {
      out = Value::of_string(keep(s));
      done = true;
    } else if (s.kind == JsonType::string && field.type == Type::time) {
      if (std::optional<std::int64_t> t = parse_time(s.text)) {
        out = Value::of_int(*t);
        done = true;
      }
    }
    if (!done && !read_value(value, s, field.type, 4, out)) return false;
    std::uint64_t bit = slot < 64 ? std::uint64_t{1} << slot : 0;
    filled = out.missing == kUnset ? filled & ~bit : filled | bit;  // null (re)sets a slot to unset
  }
  if (first) return false;  // {}: no type
  if (type < 0) return true;
  const std::size_t count = info->fields.size();
  if (count < 64 && filled == (std::uint64_t{1} << count) - 1) return true;
  return decode::fill_unset(info->fields, rows->values.data() + begin, record_->strings, items_) < 0;
}

// As RecordDecoder::Impl::read_value: one JSON value as a field of `type`,
// null leaving the slot unset. Anything it would reject returns false.
bool OnDemandDecoder::read_value(od::value& v, const Scalar& s, Type type, std::size_t depth, Value& out) {
  if (s.kind == JsonType::null) {
    out = decode::unset_value();
    return true;
  }
  if (coerce_ && coerced(s, type, out)) return true;
  const bool is_number = s.kind == JsonType::number;
  switch (type) {
    case Type::int_: {
      if (!is_number || s.number.is_uint64()) return false;
      if (s.number.is_int64()) {
        out = Value::of_int(s.number.get_int64());
        return true;
      }
      std::int64_t i;
      if (!decode::integral_double_to_int(s.number.get_double(), i)) return false;
      out = Value::of_int(i);
      return true;
    }
    case Type::number:
      if (!is_number) return false;
      out = Value::of_number(as_double(s.number));
      return true;
    case Type::string:
      if (s.kind != JsonType::string) return false;
      out = Value::of_string(keep(s));
      return true;
    case Type::boolean:
      if (s.kind != JsonType::boolean) return false;
      out = Value::of_bool(s.flag);
      return true;
    case Type::time: {
      if (s.kind == JsonType::string) {
        std::optional<std::int64_t> t = parse_time(s.text);
        if (!t) return false;
        out = Value::of_int(*t);
        return true;
      }
      if (!is_number) return false;
      // Epoch seconds, a fraction dropped; integers exactly.
      const double seconds = std::floor(as_double(s.number));
      if (!(seconds >= static_cast<double>(decode::kMinTime) && seconds <= static_cast<double>(decode::kMaxTime)))
        return false;
      out = Value::of_int(s.number.is_int64() ? s.number.get_int64() : static_cast<std::int64_t>(seconds));
      return true;
    }
    case Type::duration: {
      if (s.kind == JsonType::string) {
        std::optional<std::int64_t> d = parse_duration(s.text);
        if (!d) return false;
        out = Value::of_int(*d);
        return true;
      }
      if (!is_number) return false;
      if (s.number.is_int64()) {
        out = Value::of_int(s.number.get_int64());
        return true;
      }
      const double seconds = std::trunc(as_double(s.number));
      if (!(seconds >= -decode::kInt64Bound && seconds < decode::kInt64Bound)) return false;
      out = Value::of_int(static_cast<std::int64_t>(seconds));
      return true;
    }
    case Type::string_set:
    case Type::string_list: return s.kind == JsonType::array && read_items(v, depth, out);
    default: return false;
  }
}

// As RecordDecoder::Impl::coerced (--coerce): false leaves the value to the
// plain reading.
bool OnDemandDecoder::coerced(const Scalar& s, Type type, Value& out) {
  const bool is_text = s.kind == JsonType::string, is_number = s.kind == JsonType::number;
  switch (type) {
    case Type::int_:
      if (!is_text) return false;
      if (auto i = coerce::to_int(s.text)) out = Value::of_int(*i);
      else return false;
      return true;
    case Type::number:
      if (!is_text) return false;
      if (auto n = coerce::to_number(s.text)) out = Value::of_number(*n);
      else return false;
      return true;
    case Type::boolean: {
      if (is_number && s.number.is_int64() && (s.number.get_int64() == 0 || s.number.get_int64() == 1)) {
        out = Value::of_bool(s.number.get_int64() == 1);
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
      else if (is_number) t = coerce::epoch_to_time(as_double(s.number));
      if (!t) return false;
      out = Value::of_int(*t);
      return true;
    }
    case Type::string: {
      if (!is_number) return false;
      const std::string number = s.number.is_int64() ? std::to_string(s.number.get_int64())
                                                      : fmt::format("{}", as_double(s.number));
      out = Value::of_string(record_->strings.copy(number));
      return true;
    }
    default: return false;
  }
}

// An array of strings, in input order (as read_items).
bool OnDemandDecoder::read_items(od::value& v, std::size_t depth, Value& out) {
  od::array list;
  if (!enter(depth) || v.get_array().get(list) != simdjson::SUCCESS) return false;
  items_.clear();
  for (auto item : list) {
    od::value x;
    Scalar s;
    if (item.get(x) != simdjson::SUCCESS || !scalar(x, s) || s.kind != JsonType::string) return false;
    items_.push_back(Value::of_string(keep(s)));
  }
  out = decode::copy_items(record_->strings, items_.data(), items_.size());
  return true;
}

}  // namespace baton
