// Decoding one JSON Lines record into the flat Record layout: RecordDecoder,
// and the DOM decoder, the reference.
//
// RecordDecoder first hands a line to the On-Demand decoder
// (ondemand_decoder.cpp: one pass over simdjson's structural index, values
// straight into the slots), the default. Whatever that one does not decode
// itself (every error, and unusual shapes) is decoded here, with simdjson's
// DOM API, which also words every error message. The DOM parser validates
// the whole line, iteratively (no recursion on deep input), before anything
// is read; DecodeOptions::Decoder::dom uses this path alone.
//
// Events of the common shape are then read straight from the DOM's tape
// (dom_tape.hpp: a load per value instead of element calls); any other
// shape, and every error message, goes through the element API, and a test
// compares the two on generated events of every shape.
//
// Text is copied into record.strings so a Record owns its data and stays valid
// however the decoder is used afterwards; the copies are a memcpy each into a
// reused arena, a small fraction of the parse (measured in the benchmark).
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "baton/common/bytes.hpp"
#include "baton/common/distinct.hpp"
#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "coerce.hpp"
#include "dom_tape.hpp"
#include "ondemand_decoder.hpp"
#include "record_schema.hpp"

namespace baton {

namespace dom = simdjson::dom;
using decode::integral_double_to_int;
using decode::is_key;
using decode::kInt64Bound;
using decode::kMaxTime;
using decode::kMinTime;
using decode::kUnset;
using decode::unset_value;

void Record::reset(const Program& program) {
  const ProgramImage& image = program.image();
  fields.assign(image.lead_fields.size(), Value::absent());
  events.resize(image.events.size());
  for (std::size_t t = 0; t < events.size(); ++t) {
    EventRows& rows = events[t];
    rows.stride = static_cast<std::uint32_t>(std::max<std::size_t>(1, image.events[t].fields.size()));
    rows.count = 0;  // values keeps its size: room for the next record's rows
  }
  id.clear();
  has_id = false;
  strings.reset();
}

namespace {

// Lines longer than this grow the parser past what is worth keeping; after
// decoding one, the decoder gives the memory back (simdjson's DOM parser
// needs several bytes of tape per input byte).
constexpr std::size_t kKeepCapacity = 4 << 20;
constexpr std::size_t kInitialCapacity = 64 << 10;

// A message quotes at most this many bytes of a string value.
constexpr std::size_t kQuoteLimit = 32;

// Where a value sits, rendered only when an error needs it:
// "company_size", "tags[2]", "events[3].url", "events[3].tags[0]".
struct Path {
  long event = -1;
  std::string_view name;
  long item = -1;

  std::string str() const {
    std::string out;
    if (event >= 0) out = fmt::format("events[{}]", event);
    if (!name.empty()) {
      if (!out.empty()) out += '.';
      out += name;
    }
    if (item >= 0) fmt::format_to(std::back_inserter(out), "[{}]", item);
    return out;
  }
};

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// `string "lots"`, `number 3.5`, `bool true`, `array`: what a message says it got.
std::string describe(dom::element v) {
  std::string out;
  switch (v.type()) {
    case dom::element_type::STRING: {
      std::string_view s = v.get_string().value_unsafe();
      out = "string ";
      append_json_string(utf8_prefix(s, kQuoteLimit), out);
      if (s.size() > kQuoteLimit) {
        out.insert(out.size() - 1, "...");
        fmt::format_to(std::back_inserter(out), " ({} bytes)", s.size());
      }
      return out;
    }
    case dom::element_type::INT64: return fmt::format("number {}", v.get_int64().value_unsafe());
    case dom::element_type::UINT64: return fmt::format("number {}", v.get_uint64().value_unsafe());
    case dom::element_type::DOUBLE:
      out = "number ";
      append_number(v.get_double().value_unsafe(), out);
      return out;
    case dom::element_type::BOOL: return v.get_bool().value_unsafe() ? "bool true" : "bool false";
    case dom::element_type::NULL_VALUE: return "null";
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
  }
  return "unknown";
}

// Whether `digits` is a number no larger than `limit`.
bool fits_in(std::string_view digits, std::uint64_t limit) {
  std::uint64_t value = 0;
  return std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc() && value <= limit;
}

// simdjson refuses the whole line for an integer literal beyond int64 and
// uint64 (NUMBER_ERROR), which JSON parsers read as the nearest double.
// Writes `json` into `out` with ".0" after each such integer outside
// strings, so that it parses as that double; false when there is none (the
// error is then another number's). `int64_min` tells whether one of them
// rounds to -2^63, which is INT64_MIN as a double and beyond it as written.
bool widen_big_integers(std::string_view json, std::string& out, bool& int64_min) {
  out.clear();
  int64_min = false;
  bool widened = false, in_string = false;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    const std::size_t start = i, first = i + (c == '-');
    std::size_t end = first;
    while (end < json.size() && json[end] >= '0' && json[end] <= '9') ++end;
    i = end;
    while (i < json.size() && (json[i] == '.' || json[i] == 'e' || json[i] == 'E' || json[i] == '+' ||
                               json[i] == '-' || (json[i] >= '0' && json[i] <= '9')))
      ++i;
    const bool integer = i == end && end > first && (json[first] != '0' || end == first + 1);
    --i;  // the loop's ++i moves past the number
    if (!integer) continue;
    std::uint64_t magnitude = 0;
    const bool big = std::from_chars(json.data() + first, json.data() + end, magnitude).ec ==
                         std::errc::result_out_of_range ||
                     (first > start && magnitude > std::uint64_t{1} << 63);  // below INT64_MIN
    if (!big) continue;
    // -2^63 - 1 .. -2^63 - 1024 round to -2^63 (doubles there are 2048 apart).
    if (first > start && fits_in(json.substr(first, end - first), 9223372036854776832u)) int64_min = true;
    out.append(json.substr(copied, end - copied));
    out += ".0";
    copied = end;
    widened = true;
  }
  if (!widened) return false;
  out.append(json.substr(copied));
  return true;
}

std::string_view parse_error_message(simdjson::error_code code) {
  switch (code) {
    case simdjson::EMPTY: return "empty line: expected a JSON object";
    case simdjson::DEPTH_ERROR: return "not valid JSON: nested too deeply";
    case simdjson::TAPE_ERROR: return "not valid JSON: misplaced or missing brace, bracket, comma or colon, or trailing content";
    case simdjson::NUMBER_ERROR: return "not valid JSON: malformed or out-of-range number";
    case simdjson::STRING_ERROR: return "not valid JSON: bad escape in a string";
    case simdjson::UNCLOSED_STRING: return "not valid JSON: unclosed string";
    case simdjson::UNESCAPED_CHARS: return "not valid JSON: control character inside a string";
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "not valid JSON: bad literal (true, false or null expected)";
    case simdjson::CAPACITY: return "line too long";
    default: return "not valid JSON";
  }
}

}  // namespace

struct RecordDecoder::Impl {
  std::shared_ptr<const Program> program;
  DecodeOptions options;
  dom::parser parser;
  std::unique_ptr<char[]> buffer;  // the line plus simdjson's padding
  std::string widened;             // a line with integers past 64 bits as doubles (widen_big_integers)
  bool widened_to_int64_min = false;  // one of them became -2^63: not INT64_MIN in an int field
  std::size_t buffer_size = 0;
  decode::Schema schema;
  std::vector<Value> items;  // scratch for one set/list before it moves to the arena
  std::vector<std::uint32_t> item_order;  // scratch for finding a long set's repeats
  dom_tape::View tape_view;  // the parsed line's tape (none: kKnownLayout is false)
  UnknownNames unknown;
  const TimeZone* coerce_zone = nullptr;
  // The default decoder; null with DecodeOptions::Decoder::dom. Whatever it
  // does not decode with certainty is decoded again below (the reference).
  std::unique_ptr<OnDemandDecoder> on_demand;
  std::uint64_t reference_decodes = 0;

  // Per decode() call.
  Record* record = nullptr;
  DecodeError* error = nullptr;

  Impl(std::shared_ptr<const Program> p, DecodeOptions o)
      : program(std::move(p)), options(std::move(o)), schema(program->image(), options.event_types_ignore_case) {
    if (options.coerce && !options.coerce_zone.empty()) {
      coerce_zone = find_zone(options.coerce_zone);
      if (!coerce_zone) throw std::runtime_error("unknown time zone " + options.coerce_zone);
    }
    if (options.decoder == DecodeOptions::Decoder::on_demand)
      on_demand = std::make_unique<OnDemandDecoder>(*program, options, schema, coerce_zone);
  }

  int event_type(std::string_view name) const { return schema.event_type(name); }

  static void count(std::map<std::string, std::uint64_t, std::less<>>& names, std::string_view name) {
    auto it = names.find(name);
    if (it == names.end()) it = names.emplace(std::string(name), 0).first;
    ++it->second;
  }

  bool decode(std::string_view json, Record& out, DecodeError& err);

 private:
  bool reserve(std::size_t size);
  bool parse(std::string_view json, dom::element& root);
  void release_if_large(std::size_t size);
  bool fail(const Path& path, std::string message);
  bool type_error(const Path& path, Type type, dom::element v, std::string_view note = {});
  bool read_id(dom::object obj);
  bool read_lead(dom::object obj);
  bool read_events(dom::element events, std::size_t tape_at);
  bool read_event(long index, dom::element v);
  enum class TapeRead : std::uint8_t { ok, failed, other };
  TapeRead read_event_from_tape(long index, std::size_t at);
  bool read_value(dom::element v, Type type, const Path& path, Value& out);
  bool coerced(dom::element v, Type type, Value& out);
  bool read_int(dom::element v, const Path& path, Value& out);
  bool read_time(dom::element v, const Path& path, Value& out);
  bool read_duration(dom::element v, const Path& path, Value& out);
  bool read_items(dom::element v, Type type, const Path& path, Value& out);
  bool finish_slots(const std::vector<FieldInfo>& fields, Value* slots, long event);
  bool check_current_stage();
};

RecordDecoder::RecordDecoder(std::shared_ptr<const Program> program, DecodeOptions options)
    : impl_(std::make_unique<Impl>(std::move(program), options)) {}

RecordDecoder::~RecordDecoder() = default;

bool RecordDecoder::decode(std::string_view json, Record& record, DecodeError& error) {
  return impl_->decode(json, record, error);
}

const UnknownNames& RecordDecoder::unknown() const { return impl_->unknown; }

std::uint64_t RecordDecoder::reference_decodes() const { return impl_->reference_decodes; }

void UnknownNames::merge(const UnknownNames& other) {
  for (const auto& [name, n] : other.event_types) event_types[name] += n;
  for (const auto& [name, n] : other.fields) fields[name] += n;
}

std::string UnknownNames::top(const std::map<std::string, std::uint64_t, std::less<>>& names, std::size_t limit) {
  std::vector<std::pair<std::uint64_t, std::string_view>> sorted;
  for (const auto& [name, n] : names) sorted.emplace_back(n, name);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (std::size_t i = 0; i < sorted.size() && i < limit; ++i)
    out += fmt::format("{}{} ({})", i ? ", " : "", printable(sorted[i].second), sorted[i].first);  // names from records
  if (sorted.size() > limit) out += fmt::format(", and {} more", sorted.size() - limit);
  return out;
}

bool RecordDecoder::Impl::decode(std::string_view json, Record& out, DecodeError& err) {
  record = &out;
  error = &err;
  err.field.clear();
  err.message.clear();
  json = decode::strip_line(json);
  if (on_demand && on_demand->decode(json, out)) {
    on_demand->count_unknown(unknown);
    return true;
  }
  if (on_demand) ++reference_decodes;
  out.reset(*program);
  dom::element root;
  bool ok = parse(json, root) && read_lead(root.get_object().value_unsafe()) && check_current_stage();
  if (!ok && !out.has_id) out.has_id = salvage_record_id(json, out.id);
  release_if_large(json.size());
  return ok;
}

// A line that is not JSON (a brace missing, nested too deeply) still names
// its lead when it begins as writers begin records, {"id": "..." or a whole
// number: the rejection and `explain --id` can then name it; so does a line
// too long to read, from its first bytes. Nothing after
// the id is trusted, and an id with an escape is not guessed at.
bool salvage_record_id(std::string_view json, std::string& out) {
  json = decode::strip_line(json);
  auto skip_space = [&](std::size_t at) { return std::min(json.find_first_not_of(" \t\r\n", at), json.size()); };
  std::size_t at = skip_space(0);
  if (!json.substr(at).starts_with('{')) return false;
  at = skip_space(at + 1);
  if (!json.substr(at).starts_with("\"id\"")) return false;
  at = skip_space(at + 4);
  if (!json.substr(at).starts_with(':')) return false;
  at = skip_space(at + 1);
  std::string_view rest = json.substr(at);
  std::string_view id;
  if (rest.starts_with('"')) {
    const std::size_t end = rest.find_first_of("\"\\", 1);
    if (end == std::string_view::npos || rest[end] != '"') return false;
    id = rest.substr(1, end - 1);
    if (!simdjson::validate_utf8(id.data(), id.size()) ||
        std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      return false;
  } else {
    // A whole number as JSON writes one (no leading zero), then `,` or `}`.
    const std::size_t sign = rest.starts_with('-') ? 1 : 0;
    const std::size_t digits = rest.find_first_not_of("0123456789", sign);
    if (digits == std::string_view::npos || digits == sign || digits - sign > 20) return false;
    if (rest[sign] == '0' && digits - sign > 1) return false;
    const std::size_t next = rest.find_first_not_of(" \t\r\n", digits);
    if (next == std::string_view::npos || (rest[next] != ',' && rest[next] != '}')) return false;
    id = rest.substr(0, digits);
  }
  out.assign(id);
  return true;
}

// The CRM's current stage must be one of the SLA's stages: a stage the
// agreement does not know cannot be ordered, so guessing would be silent.
bool RecordDecoder::Impl::check_current_stage() {
  const LifecycleInfo& lc = program->image().lifecycle;
  if (!lc.present || !options.check_current_stage) return true;
  const Value& v = record->fields[lc.current_field];
  if (v.is_missing() || program->stage_index(v.str()) >= 0) return true;
  return fail({-1, program->image().lead_fields[lc.current_field].name}, program->unknown_stage_message(v.str()));
}

bool RecordDecoder::Impl::parse(std::string_view json, dom::element& root) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; the caller's
  // line carries no such promise, so it is copied into a reused buffer.
  auto load = [&](std::string_view text) {
    std::size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
    if (buffer_size < needed) {
      buffer_size = std::max(needed, buffer_size * 2);
      buffer = std::make_unique<char[]>(buffer_size);
    }
    if (!text.empty()) std::memcpy(buffer.get(), text.data(), text.size());  // an empty view's data may be null
    std::memset(buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    return reserve(text.size());
  };
  // Memory running out is no fault of the record: it ends the caller's run
  // (std::bad_alloc), never rejects a valid record.
  if (!load(json)) throw std::bad_alloc();
  auto result = parser.parse(buffer.get(), json.size(), false);
  widened_to_int64_min = false;
  if (result.error() == simdjson::NUMBER_ERROR && widen_big_integers(json, widened, widened_to_int64_min)) {
    // An integer past 64 bits is valid JSON: read again with it as a double.
    if (!load(widened)) throw std::bad_alloc();
    result = parser.parse(buffer.get(), widened.size(), false);
  }
  if (result.error() == simdjson::MEMALLOC) throw std::bad_alloc();
  if (result.error()) return fail({}, std::string(parse_error_message(result.error())));
  root = result.value_unsafe();
  if (root.type() != dom::element_type::OBJECT)
    return fail({}, fmt::format("expected a JSON object, got {}", describe(root)));
  return true;
}

// Sizes the parser for a line, doubling so that growing lines reallocate
// rarely; also applies max_depth, which parse() alone would not.
bool RecordDecoder::Impl::reserve(std::size_t size) {
  // simdjson's depth counts one level above the outermost container;
  // options.max_depth counts containers (the record object is 1).
  std::size_t depth = options.max_depth + 1;
  if (parser.capacity() >= size && parser.max_depth() == depth) return true;
  std::size_t capacity = std::max({size, kInitialCapacity, std::min(2 * parser.capacity(), kKeepCapacity)});
  return parser.allocate(capacity, depth) == simdjson::SUCCESS;
}

void RecordDecoder::Impl::release_if_large(std::size_t size) {
  if (size <= kKeepCapacity) return;
  parser = dom::parser{};
  buffer.reset();
  buffer_size = 0;
  widened = std::string{};
}

bool RecordDecoder::Impl::fail(const Path& path, std::string message) {
  error->field = path.str();
  error->message = std::move(message);
  return false;
}

bool RecordDecoder::Impl::type_error(const Path& path, Type type, dom::element v, std::string_view note) {
  std::string message = fmt::format("expected {}, got {}", type_name(type), describe(v));
  if (!note.empty()) fmt::format_to(std::back_inserter(message), " ({})", note);
  return fail(path, std::move(message));
}

// The id is read before anything else so that a rejected record can be named.
bool RecordDecoder::Impl::read_id(dom::object obj) {
  dom::element v;
  if (obj.at_key("id").get(v) != simdjson::SUCCESS) return true;
  char digits[24];
  switch (v.type()) {
    case dom::element_type::STRING: record->id.assign(v.get_string().value_unsafe()); break;
    case dom::element_type::INT64: {
      auto r = std::to_chars(digits, digits + sizeof digits, v.get_int64().value_unsafe());
      record->id.assign(digits, r.ptr);
      break;
    }
    case dom::element_type::UINT64: {
      auto r = std::to_chars(digits, digits + sizeof digits, v.get_uint64().value_unsafe());
      record->id.assign(digits, r.ptr);
      break;
    }
    case dom::element_type::NULL_VALUE: return true;
    default: return fail({-1, "id"}, fmt::format("expected string or integer, got {}", describe(v)));
  }
  record->has_id = true;
  return true;
}

bool RecordDecoder::Impl::read_lead(dom::object obj) {
  if (!read_id(obj)) return false;
  const std::vector<FieldInfo>& lead_fields = program->image().lead_fields;
  std::fill(record->fields.begin(), record->fields.end(), unset_value());
  // The tape index of each member's key, walked in step with the iterator:
  // the events are read from the tape (word 0 is the root, 1 this object).
  if constexpr (dom_tape::kKnownLayout) tape_view = dom_tape::of(parser);
  std::size_t key_at = 2;
  bool id_seen = false, events_seen = false;
  for (dom::key_value_pair member : obj) {
    const std::size_t value_at = key_at + 1;
    if (tape_view.words) key_at = tape_view.after(value_at);
    if (is_key(member.key, "id")) {
      if (id_seen) return fail({-1, "id"}, "given twice");
      id_seen = true;
      continue;
    }
    if (is_key(member.key, "events")) {
      if (events_seen) return fail({-1, "events"}, "given twice");
      events_seen = true;
      if (!read_events(member.value, tape_view.words ? value_at : 0)) return false;
      continue;
    }
    int slot = schema.lead_names.find(member.key);
    if (slot < 0) {
      count(unknown.fields, member.key);
      if (options.strict) return fail({-1, member.key}, "unknown field");
      continue;
    }
    const FieldInfo& field = lead_fields[static_cast<std::size_t>(slot)];
    // A key given twice has no single reading (JSON leaves it open, and
    // parsers disagree): the record is rejected rather than one value kept.
    if (record->fields[static_cast<std::size_t>(slot)].missing != kUnset)
      return fail({-1, field.name}, "given twice");
    if (!read_value(member.value, field.type, {-1, field.name}, record->fields[static_cast<std::size_t>(slot)]))
      return false;
  }
  return finish_slots(lead_fields, record->fields.data(), -1);
}

// `tape_at`: the array's index on the tape (0: read through the DOM API only).
bool RecordDecoder::Impl::read_events(dom::element events, std::size_t tape_at) {
  if (events.is_null()) return true;
  dom::array list;
  if (events.get_array().get(list) != simdjson::SUCCESS)
    return fail({-1, "events"}, fmt::format("expected array, got {}", describe(events)));
  const bool fast = tape_at != 0 && options.fast_events;
  std::size_t item_at = tape_at + 1;
  long index = 0;
  for (dom::element event : list) {
    if (static_cast<std::size_t>(index) >= options.max_events)
      return fail({-1, "events"}, fmt::format("more than {} events", options.max_events));
    if (fast) {
      const std::size_t at = item_at;
      item_at = tape_view.after(at);
      TapeRead read = read_event_from_tape(index, at);
      if (read == TapeRead::failed) return false;
      if (read == TapeRead::ok) {
        ++index;
        continue;
      }
    }
    if (!read_event(index++, event)) return false;
  }
  return true;
}

// The common event, read from the tape: an object whose first member is
// "type" naming a declared event type, with strings for string and time
// fields, true/false for bools, integers for ints, numbers for numbers, or
// null. Anything else (and every error but a missing required field) is
// left to read_event, which sees the same event afresh and words the
// message: `other` means nothing of this event was kept.
RecordDecoder::Impl::TapeRead RecordDecoder::Impl::read_event_from_tape(long index, std::size_t at) {
  const dom_tape::View& tape = tape_view;
  if (tape.type(at) != '{') return TapeRead::other;
  const std::size_t end = tape.after(at) - 1;  // the closing '}'
  std::size_t key = at + 1;
  if (key == end || !is_key(tape.string(key), "type") || tape.type(key + 1) != '"') return TapeRead::other;
  const int type = event_type(tape.string(key + 1));
  if (type < 0) return TapeRead::other;

  const EventInfo& info = program->image().events[static_cast<std::size_t>(type)];
  EventRows& rows = record->events[static_cast<std::size_t>(type)];
  Value* const row = decode::append_unset_row(rows);
  auto give_back = [&] {
    --rows.count;
    return TapeRead::other;
  };
  const decode::NameIndex& names = schema.event_fields[static_cast<std::size_t>(type)];
  std::uint64_t filled = 0;  // as in read_event
  int slot = -1;
  for (key = key + 2; key < end; key = tape.after(key + 1)) {
    const std::string_view name = tape.string(key);
    if (is_key(name, "type")) return give_back();  // a second "type": read_event's rules
    slot = names.find(name, static_cast<std::size_t>(slot + 1));
    // A field the SLA does not declare: read_event counts it (counting it
    // here too would count it twice when a later member gives the event back).
    if (slot < 0) return give_back();
    const FieldInfo& field = info.fields[static_cast<std::size_t>(slot)];
    Value& value = row[slot];
    if (value.missing != kUnset) return give_back();  // given twice: read_event words it
    const std::size_t v = key + 1;
    switch (tape.type(v)) {
      case '"':
        if (options.coerce && decode::is_blank(tape.string(v))) return give_back();  // no value: read_event
        if (field.type == Type::string) {
          value = Value::of_string(record->strings.copy(tape.string(v)));
        } else if (field.type == Type::time) {
          std::optional<std::int64_t> t = decode::record_time(tape.string(v), coerce_zone != nullptr);
          if (!t) return give_back();
          value = Value::of_int(*t);
        } else {
          return give_back();
        }
        break;
      case 'n': value = unset_value(); break;
      case 't':
      case 'f':
        if (field.type != Type::boolean) return give_back();
        value = Value::of_bool(tape.type(v) == 't');
        break;
      case 'l':
        if (field.type == Type::int_) value = Value::of_int(tape.int64(v));
        else if (field.type == Type::number) value = Value::of_number(static_cast<double>(tape.int64(v)));
        else return give_back();
        break;
      case 'd':
        if (field.type != Type::number) return give_back();
        value = Value::of_number(tape.number(v));
        break;
      default: return give_back();
    }
    std::uint64_t bit = slot < 64 ? std::uint64_t{1} << slot : 0;
    filled = value.missing == kUnset ? filled & ~bit : filled | bit;
  }
  std::size_t count = info.fields.size();
  if (count < 64 && filled == (std::uint64_t{1} << count) - 1) return TapeRead::ok;
  return finish_slots(info.fields, row, index) ? TapeRead::ok : TapeRead::failed;
}

bool RecordDecoder::Impl::read_event(long index, dom::element v) {
  dom::object obj;
  if (v.get_object().get(obj) != simdjson::SUCCESS)
    return fail({index, ""}, fmt::format("expected object, got {}", describe(v)));
  // "type" decides where the other fields go. Writers put it first nearly
  // always; then the member loop below starts after it instead of searching
  // the object twice. Otherwise (or with duplicate keys) the first "type" key
  // counts, as at_key finds it.
  dom::object::iterator member_it = obj.begin();
  const dom::object::iterator members_end = obj.end();
  dom::element type_value;
  bool has_type = true;
  if (member_it != members_end && is_key(member_it.key(), "type")) {
    type_value = member_it.value();
    ++member_it;
  } else {
    has_type = obj.at_key("type").get(type_value) == simdjson::SUCCESS;
  }
  if (!has_type || type_value.is_null()) return fail({index, "type"}, "missing required field");
  std::string_view type_name_text;
  if (type_value.get_string().get(type_name_text) != simdjson::SUCCESS)
    return type_error({index, "type"}, Type::string, type_value);
  int type = event_type(type_name_text);
  if (type < 0) {
    count(unknown.event_types, type_name_text);
    if (!options.strict) return true;
    std::string message = "unknown event type ";
    append_json_string(utf8_prefix(type_name_text, kQuoteLimit), message);
    return fail({index, "type"}, std::move(message));
  }

  const EventInfo& info = program->image().events[static_cast<std::size_t>(type)];
  EventRows& rows = record->events[static_cast<std::size_t>(type)];
  Value* const row = decode::append_unset_row(rows);
  const decode::NameIndex& names = schema.event_fields[static_cast<std::size_t>(type)];
  std::uint64_t filled = 0;  // bit i: slot i holds a value (schemas under 64 fields)
  for (; member_it != members_end; ++member_it) {
    std::string_view key = member_it.key();
    if (is_key(key, "type")) continue;
    int slot = names.find(key);
    if (slot < 0) {
      count(unknown.fields, info.name + "." + std::string(key));
      if (options.strict) return fail({index, key}, "unknown field");
      continue;
    }
    const FieldInfo& field = info.fields[static_cast<std::size_t>(slot)];
    Value& value = row[slot];
    if (value.missing != kUnset) return fail({index, field.name}, "given twice");
    dom::element element = member_it.value();
    // Most event fields are a string or a time written as text: read those
    // here; anything else, and every error, goes through read_value.
    std::string_view text;
    bool done = false;
    if ((field.type == Type::string || field.type == Type::time) &&
        element.get_string().get(text) == simdjson::SUCCESS && !(options.coerce && decode::is_blank(text))) {
      if (field.type == Type::string) {
        value = Value::of_string(record->strings.copy(text));
        done = true;
      } else if (std::optional<std::int64_t> t = decode::record_time(text, coerce_zone != nullptr)) {
        value = Value::of_int(*t);
        done = true;
      }
    }
    if (!done && !read_value(element, field.type, {index, field.name}, value)) return false;
    std::uint64_t bit = slot < 64 ? std::uint64_t{1} << slot : 0;
    filled = value.missing == kUnset ? filled & ~bit : filled | bit;  // null (re)sets a slot to unset
  }
  // Usually every field was given: then there is nothing to fill in.
  std::size_t count = info.fields.size();
  if (count < 64 && filled == (std::uint64_t{1} << count) - 1) return true;
  return finish_slots(info.fields, row, index);
}

// Converts one JSON value to a field of `type`. null leaves the slot unset,
// the same as an absent key.
bool RecordDecoder::Impl::read_value(dom::element v, Type type, const Path& path, Value& out) {
  if (v.is_null()) {
    out = unset_value();
    return true;
  }
  if (options.coerce && coerced(v, type, out)) return true;
  switch (type) {
    case Type::int_: return read_int(v, path, out);
    case Type::number: {
      double n;
      if (v.get_double().get(n) != simdjson::SUCCESS) return type_error(path, type, v);
      out = Value::of_number(n);
      return true;
    }
    case Type::string: {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) return type_error(path, type, v);
      out = Value::of_string(record->strings.copy(s));
      return true;
    }
    case Type::boolean: {
      bool b;
      if (v.get_bool().get(b) != simdjson::SUCCESS) return type_error(path, type, v);
      out = Value::of_bool(b);
      return true;
    }
    case Type::time: return read_time(v, path, out);
    case Type::duration: return read_duration(v, path, out);
    case Type::string_set:
    case Type::string_list: return read_items(v, type, path, out);
    default: return fail(path, fmt::format("field of type {} cannot be read from a record", type_name(type)));
  }
}

// --coerce: text into numbers, booleans and times, numbers into text and
// epoch milliseconds into times. False leaves the value to the plain reading
// (and its error message).
bool RecordDecoder::Impl::coerced(dom::element v, Type type, Value& out) {
  std::string_view text;
  const bool is_text = v.get_string().get(text) == simdjson::SUCCESS;
  if (is_text && decode::is_blank(text)) {
    out = unset_value();
    return true;
  }
  switch (type) {
    case Type::int_:
      if (!is_text) return false;
      if (auto i = coerce::to_int(text)) out = Value::of_int(*i);
      else return false;
      return true;
    case Type::number:
      if (!is_text) return false;
      if (auto n = coerce::to_number(text)) out = Value::of_number(*n);
      else return false;
      return true;
    case Type::boolean: {
      std::int64_t i;
      if (!is_text && v.get_int64().get(i) == simdjson::SUCCESS && (i == 0 || i == 1)) {
        out = Value::of_bool(i == 1);
        return true;
      }
      if (!is_text) return false;
      if (auto b = coerce::to_bool(text)) out = Value::of_bool(*b);
      else return false;
      return true;
    }
    case Type::time: {
      std::optional<std::int64_t> t;
      double n;
      if (is_text) t = coerce::to_time(text, coerce_zone);
      else if (v.get_double().get(n) == simdjson::SUCCESS) t = coerce::epoch_to_time(n);
      if (!t || *t < decode::kMinTime || *t > decode::kMaxTime) return false;
      out = Value::of_int(*t);
      return true;
    }
    case Type::string: {
      if (is_text) return false;
      std::int64_t i;
      double n;
      std::string number;
      if (v.get_int64().get(i) == simdjson::SUCCESS) number = std::to_string(i);
      else if (v.get_double().get(n) == simdjson::SUCCESS) number = fmt::format("{}", n);
      else return false;
      out = Value::of_string(record->strings.copy(number));
      return true;
    }
    default: return false;
  }
}

bool RecordDecoder::Impl::read_int(dom::element v, const Path& path, Value& out) {
  switch (v.type()) {
    case dom::element_type::INT64: out = Value::of_int(v.get_int64().value_unsafe()); return true;
    case dom::element_type::UINT64: return type_error(path, Type::int_, v, "out of range");
    case dom::element_type::DOUBLE: {
      double d = v.get_double().value_unsafe();
      std::int64_t i;
      // (A line that also writes -9223372036854775808.0 has that refused too.)
      if (integral_double_to_int(d, i) && !(i == INT64_MIN && widened_to_int64_min)) {
        out = Value::of_int(i);
        return true;
      }
      return type_error(path, Type::int_, v, d == std::floor(d) ? "out of range" : std::string_view{});
    }
    case dom::element_type::STRING:
      return type_error(path, Type::int_, v, options.coerce ? coerce::int_note(v.get_string().value_unsafe()) : "");
    default: return type_error(path, Type::int_, v);
  }
}

// RFC 3339 text, or epoch seconds (a fraction of a second is dropped, like
// parse_time does for text).
bool RecordDecoder::Impl::read_time(dom::element v, const Path& path, Value& out) {
  std::string_view text;
  if (v.get_string().get(text) == simdjson::SUCCESS) {
    auto t = decode::record_time(text);
    if (!t && decode::time_out_of_range(text)) return type_error(path, Type::time, v, "out of range");
    if (!t) return type_error(path, Type::time, v, options.coerce ? coerce::time_note(text, coerce_zone) : "");
    out = Value::of_int(*t);
    return true;
  }
  double seconds;
  if (v.get_double().get(seconds) != simdjson::SUCCESS) return type_error(path, Type::time, v);
  seconds = std::floor(seconds);
  if (!(seconds >= static_cast<double>(kMinTime) && seconds <= static_cast<double>(kMaxTime)))
    return type_error(path, Type::time, v, "out of range");
  // Integers are read exactly; a double is already checked to fit.
  std::int64_t exact;
  out = Value::of_int(v.get_int64().get(exact) == simdjson::SUCCESS ? exact : static_cast<std::int64_t>(seconds));
  return true;
}

// Seconds as a number (fraction dropped toward zero), or duration text "30d" ("-2h").
bool RecordDecoder::Impl::read_duration(dom::element v, const Path& path, Value& out) {
  std::string_view text;
  if (v.get_string().get(text) == simdjson::SUCCESS) {
    auto d = decode::record_duration(text);
    if (!d) return type_error(path, Type::duration, v, decode::duration_out_of_range(text) ? "out of range" : "");
    out = Value::of_int(*d);
    return true;
  }
  std::int64_t exact, seconds;
  if (v.get_int64().get(exact) == simdjson::SUCCESS) {
    if (!decode::duration_from_int(exact, seconds)) return type_error(path, Type::duration, v, "out of range");
    out = Value::of_int(seconds);
    return true;
  }
  double number;
  if (v.get_double().get(number) != simdjson::SUCCESS) return type_error(path, Type::duration, v);
  if (!decode::duration_from_double(number, seconds)) return type_error(path, Type::duration, v, "out of range");
  out = Value::of_int(seconds);
  return true;
}

// An array of strings, in input order; a set keeps the first occurrence of
// each item (size() counts it once).
bool RecordDecoder::Impl::read_items(dom::element v, Type type, const Path& path, Value& out) {
  dom::array list;
  if (v.get_array().get(list) != simdjson::SUCCESS) return type_error(path, type, v);
  items.clear();
  long index = 0;
  for (dom::element item : list) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      Path at = path;
      at.item = index;
      return type_error(at, Type::string, item);
    }
    items.push_back(Value::of_string(record->strings.copy(s)));
    ++index;
  }
  const std::size_t count =
      type == Type::string_set ? keep_first_occurrences(items.data(), items.size(), item_order) : items.size();
  out = decode::copy_items(record->strings, items.data(), count);
  return true;
}

// Slots no JSON value filled: the default when there is one, else missing
// when optional, else the record is rejected.
bool RecordDecoder::Impl::finish_slots(const std::vector<FieldInfo>& fields, Value* slots, long event) {
  const long missing = decode::fill_unset(fields, slots, record->strings, items);
  if (missing < 0) return true;
  return fail({event, fields[static_cast<std::size_t>(missing)].name}, "missing required field");
}

bool looks_like_json_lines(std::string_view text) {
  auto trimmed = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  };
  std::string_view lines[2];
  int count = 0;
  while (count < 2 && !text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty()) lines[count++] = line;
  }
  if (count < 2) return false;
  const bool whole_first = lines[0].size() >= 2 && lines[0].front() == '{' && lines[0].back() == '}';
  return whole_first || lines[1].front() == '{';
}

}  // namespace baton
