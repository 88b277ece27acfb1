// Decoding JSON Lines records into the flat Record layout.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "bytecode_sample_image.hpp"

using namespace baton;

namespace {

// Schema fields as the loader and verifier tests build them.
FieldInfo field(std::string name, Type type, bool optional = false) {
  return testing::sample_field(std::move(name), type, optional);
}

FieldInfo with_default(FieldInfo f, Literal value) {
  f.has_default = true;
  f.default_value = std::move(value);
  return f;
}

Literal int_literal(std::int64_t i) {
  Literal l;
  l.i = i;
  return l;
}

Literal number_literal(double n) {
  Literal l;
  l.n = n;
  return l;
}

Literal string_literal(std::string s) {
  Literal l;
  l.s = std::move(s);
  return l;
}

Literal items_literal(std::vector<std::string> items) {
  Literal l;
  l.items = std::move(items);
  return l;
}

// Slots of the test schema, in schema order.
enum Slot : std::size_t {
  email, company_size, budget, authority, signup, trial, interests, owners,
  is_customer, country, tags, bias, cooldown, created, seats, slot_count
};
enum EventType : std::size_t { page_view, download };

// Every field type, optional fields, a default of every type, two event types.
ProgramImage test_image() {
  ProgramImage image;
  image.sla_name = "acme";
  image.sla_version = "1.0.0";
  image.lead_fields = {
      field("email", Type::string),
      field("company_size", Type::int_),
      field("budget", Type::number, true),
      field("authority", Type::boolean, true),
      field("signup", Type::time, true),
      field("trial", Type::duration, true),
      field("interests", Type::string_set, true),
      field("owners", Type::string_list, true),
      with_default(field("is_customer", Type::boolean), int_literal(0)),
      with_default(field("country", Type::string), string_literal("US")),
      with_default(field("tags", Type::string_set), items_literal({"a", "b"})),
      with_default(field("bias", Type::number), number_literal(1.5)),
      with_default(field("cooldown", Type::duration), int_literal(30 * 86400)),
      with_default(field("created", Type::time), int_literal(1767225600)),
      with_default(field("seats", Type::int_), int_literal(5)),
  };
  EventInfo view{"page_view", {field("at", Type::time), field("url", Type::string), field("referrer", Type::string, true)}};
  EventInfo dl{"download",
               {field("at", Type::time), field("asset", Type::string), with_default(field("pages", Type::int_), int_literal(1))}};
  image.events = {view, dl};
  for (const FieldInfo& f : image.lead_fields) image.registers.push_back(f.type);
  image.code = {bc::Instruction{bc::Op::halt, 0, 0, 0, 0}};
  image.chunks = {ChunkInfo{0, 1, bc::kNone}};
  return image;
}

std::shared_ptr<const Program> test_program() {
  std::string error;
  auto program = Program::from_image(test_image(), error);
  REQUIRE_MESSAGE(program, error);
  return program;
}

bool same_value(Type type, const Value& a, const Value& b) {
  if (a.missing != b.missing) return false;
  if (a.missing) return true;
  switch (type) {
    case Type::string: return a.str() == b.str();
    case Type::number: return std::memcmp(&a.n, &b.n, sizeof a.n) == 0;
    case Type::boolean: return a.b == b.b;
    case Type::string_set:
    case Type::string_list:
      if (a.len != b.len) return false;
      for (std::uint32_t k = 0; k < a.len; ++k)
        if (a.items[k].str() != b.items[k].str()) return false;
      return true;
    default: return a.i == b.i;
  }
}

// Two decodings of one line agree: the same verdict; then the same record
// (every lead field and event slot), or the same error and id.
void check_same_decoding(const ProgramImage& image, bool ok_a, const Record& a, const DecodeError& ea, bool ok_b,
                         const Record& b, const DecodeError& eb) {
  REQUIRE(ok_a == ok_b);
  CHECK(a.has_id == b.has_id);
  CHECK(a.id == b.id);
  if (!ok_a) {
    CHECK(ea.field == eb.field);
    CHECK(ea.message == eb.message);
    return;
  }
  REQUIRE(a.fields.size() == b.fields.size());
  for (std::size_t f = 0; f < a.fields.size(); ++f) {
    CAPTURE(f);
    CHECK(same_value(image.lead_fields[f].type, a.fields[f], b.fields[f]));
  }
  for (std::size_t t = 0; t < image.events.size(); ++t) {
    const EventRows& ra = a.events[t];
    const EventRows& rb = b.events[t];
    REQUIRE(ra.count == rb.count);
    REQUIRE(ra.values.size() == rb.values.size());
    for (std::uint32_t r = 0; r < ra.count; ++r)
      for (std::size_t f = 0; f < image.events[t].fields.size(); ++f) {
        CAPTURE(t);
        CAPTURE(r);
        CAPTURE(f);
        CHECK(same_value(image.events[t].fields[f].type, ra.row(r)[f], rb.row(r)[f]));
      }
  }
}

DecodeOptions with_decoder(DecodeOptions options, DecodeOptions::Decoder decoder) {
  options.decoder = decoder;
  return options;
}

// Decodes with the options given (the On-Demand decoder unless they say
// otherwise) and, every time, with the DOM reference too: every test in this
// file also checks that the two agree, on records, errors and unknown names.
struct Decoder {
  std::shared_ptr<const Program> program = test_program();
  RecordDecoder decoder;
  RecordDecoder reference;
  Record record, reference_record;
  DecodeError error, reference_error;

  explicit Decoder(DecodeOptions options = {})
      : decoder(program, options), reference(program, with_decoder(options, DecodeOptions::Decoder::dom)) {}

  bool decode(std::string_view json) {
    const bool ok = decoder.decode(json, record, error);
    const bool ok_reference = reference.decode(json, reference_record, reference_error);
    check_same_decoding(program->image(), ok, record, error, ok_reference, reference_record, reference_error);
    CHECK(decoder.unknown().fields == reference.unknown().fields);
    CHECK(decoder.unknown().event_types == reference.unknown().event_types);
    return ok;
  }
  const Value& operator[](Slot slot) const { return record.fields[slot]; }
  std::vector<std::string> items(Slot slot) const {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < record.fields[slot].len; ++i) out.emplace_back(record.fields[slot].items[i].str());
    return out;
  }
};

constexpr std::string_view kMinimal = R"({"email":"a@b.example","company_size":3})";

// A minimal valid record with `extra` members added; a member of `extra`
// replaces the minimal record's own (a key given twice is rejected).
std::string lead(std::string_view extra) {
  std::string json = "{";
  for (std::string_view member : {R"("email":"a@b.example")", R"("company_size":3)"}) {
    std::string_view key = member.substr(0, member.find(':') + 1);
    if (extra.find(key) == std::string_view::npos) json += std::string(member) + ",";
  }
  json += extra;
  json += '}';
  return json;
}

struct Rejection {
  std::string field;
  std::string message;
};

Rejection reject(Decoder& d, std::string_view json) {
  bool ok = d.decode(json);
  CHECK_FALSE(ok);
  return {d.error.field, d.error.message};
}

}  // namespace

TEST_CASE("every field type") {
  Decoder d;
  REQUIRE(d.decode(R"({"email":"d@big.example","company_size":5000,"budget":12500.5,"authority":true,)"
                   R"("signup":"2026-11-20T09:00:00Z","trial":"1d12h","interests":["crm","ai"],)"
                   R"("owners":["ana","ben","ana"],"is_customer":true,"country":"DE","tags":[],)"
                   R"("bias":2,"cooldown":3600,"created":1700000000,"seats":12})"));
  CHECK(d[email].str() == "d@big.example");
  CHECK(d[company_size].i == 5000);
  CHECK(d[budget].n == 12500.5);
  CHECK(d[authority].b);
  CHECK(d[signup].i == *parse_time("2026-11-20T09:00:00Z"));
  CHECK(d[trial].i == 129600);
  CHECK(d.items(interests) == std::vector<std::string>{"crm", "ai"});
  CHECK(d.items(owners) == std::vector<std::string>{"ana", "ben", "ana"});
  CHECK(d[is_customer].b);
  CHECK(d[country].str() == "DE");
  CHECK(d[tags].len == 0);
  CHECK(d[bias].n == 2.0);
  CHECK(d[cooldown].i == 3600);
  CHECK(d[created].i == 1700000000);
  CHECK(d[seats].i == 12);
  for (const Value& v : d.record.fields) CHECK_FALSE(v.is_missing());
  CHECK_FALSE(d.record.has_id);
}

// A set holds each item once, in the order of first occurrence; a list keeps
// every item. Both decoders (Decoder checks that they agree), lead and event
// fields, short sets and long ones (sorted rather than compared pairwise).
TEST_CASE("a set keeps the first occurrence of each item, a list keeps repeats") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("interests":["b","a","b","","a",""],"owners":["ana","ben","ana"],"tags":["x","x"])")));
  CHECK(d.items(interests) == std::vector<std::string>{"b", "a", ""});
  CHECK(d.items(owners) == std::vector<std::string>{"ana", "ben", "ana"});
  CHECK(d.items(tags) == std::vector<std::string>{"x"});
  // Escaped and plain spellings of one string are one item.
  REQUIRE(d.decode(lead(R"("interests":["caf\u00e9","café","crm"])")));
  CHECK(d.items(interests) == std::vector<std::string>{"café", "crm"});

  std::string long_set;
  std::vector<std::string> distinct;
  for (int i = 0; i < 200; ++i) {
    const std::string item = std::to_string((i * 7) % 50);  // each of 0..49 four times
    long_set += (i ? ",\"" : "\"") + item + "\"";
    if (i < 50) distinct.push_back(item);
  }
  REQUIRE(d.decode(lead("\"interests\":[" + long_set + "],\"owners\":[" + long_set + "]")));
  CHECK(d.items(interests) == distinct);
  CHECK(d[owners].len == 200);

  ProgramImage image = test_image();
  image.events.push_back(EventInfo{"tagged", {field("at", Type::time), field("tags", Type::string_set, true),
                                              field("path", Type::string_list, true)}});
  std::string error;
  auto program = Program::from_image(image, error);
  REQUIRE_MESSAGE(program, error);
  const std::string json =
      lead(R"("events":[{"type":"tagged","at":"2026-11-20T09:00:00Z","tags":["p","q","p"],"path":["p","q","p"]}])");
  for (auto decoder : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom}) {
    RecordDecoder events(program, with_decoder({}, decoder));
    Record record;
    DecodeError decode_error;
    REQUIRE(events.decode(json, record, decode_error));
    const EventRows& rows = record.events[2];
    REQUIRE(rows.count == 1);
    CHECK(rows.row(0)[1].len == 2);
    CHECK(rows.row(0)[1].items[1].str() == "q");
    CHECK(rows.row(0)[2].len == 3);
  }
}

// The compiler writes set constants and defaults without repeats; a program
// compiled before it did may hold them, and loading drops them.
TEST_CASE("a loaded program's set constants and set defaults hold each item once") {
  ProgramImage image = test_image();
  image.lead_fields[tags].default_value = items_literal({"b", "a", "b", "a"});
  image.k_items = {ItemsConst{true, {"x", "y", "x"}}, ItemsConst{false, {"x", "y", "x"}}};
  std::string error;
  auto program = Program::from_image(image, error);
  REQUIRE_MESSAGE(program, error);
  REQUIRE(program->items(0).size() == 2);
  CHECK(program->items(0)[1].str() == "y");
  CHECK(program->items(1).size() == 3);
  for (auto decoder : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom}) {
    RecordDecoder d(program, with_decoder({}, decoder));
    Record record;
    DecodeError decode_error;
    REQUIRE(d.decode(kMinimal, record, decode_error));
    const Value& v = record.fields[tags];
    REQUIRE(v.len == 2);
    CHECK(v.items[0].str() == "b");
    CHECK(v.items[1].str() == "a");
  }
}

TEST_CASE("absent fields take their default or are missing") {
  Decoder d;
  REQUIRE(d.decode(kMinimal));
  for (Slot s : {budget, authority, signup, trial, interests, owners}) CHECK(d[s].is_missing());
  CHECK_FALSE(d[is_customer].b);
  CHECK(d[country].str() == "US");
  CHECK(d.items(tags) == std::vector<std::string>{"a", "b"});
  CHECK(d[bias].n == 1.5);
  CHECK(d[cooldown].i == 30 * 86400);
  CHECK(d[created].i == 1767225600);
  CHECK(d[seats].i == 5);
}

TEST_CASE("null counts as missing") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("budget":null,"country":null,"tags":null,"id":null)")));
  CHECK(d[budget].is_missing());
  CHECK(d[country].str() == "US");
  CHECK(d.items(tags).size() == 2);
  CHECK_FALSE(d.record.has_id);

  auto r = reject(d, R"({"email":"x","company_size":null})");
  CHECK(r.field == "company_size");
  CHECK(r.message == "missing required field");
}

TEST_CASE("missing required field") {
  Decoder d;
  auto r = reject(d, R"({"id":"L9","email":"x"})");
  CHECK(r.field == "company_size");
  CHECK(r.message == "missing required field");
  CHECK(d.record.id == "L9");
}

TEST_CASE("wrong types give exact messages") {
  struct Case {
    std::string extra, field, message;
  };
  const std::vector<Case> cases = {
      {R"("company_size":"lots")", "company_size", R"(expected int, got string "lots")"},
      {R"("company_size":3.5)", "company_size", "expected int, got number 3.5"},
      {R"("company_size":1e19)", "company_size", "expected int, got number 1e+19 (out of range)"},
      {R"("company_size":18446744073709551615)", "company_size",
       "expected int, got number 18446744073709551615 (out of range)"},
      {R"("company_size":true)", "company_size", "expected int, got bool true"},
      {R"("company_size":[1])", "company_size", "expected int, got array"},
      {R"("email":5)", "email", "expected string, got number 5"},
      {R"("email":{"a":1})", "email", "expected string, got object"},
      {R"("budget":false)", "budget", "expected number, got bool false"},
      {R"("budget":"12k")", "budget", R"(expected number, got string "12k")"},
      {R"("authority":"yes")", "authority", R"(expected bool, got string "yes")"},
      {R"("authority":1)", "authority", "expected bool, got number 1"},
      {R"("signup":"yesterday")", "signup", R"(expected time, got string "yesterday")"},
      {R"("signup":"2026-02-30T00:00:00Z")", "signup", R"(expected time, got string "2026-02-30T00:00:00Z")"},
      {R"("signup":1e300)", "signup", "expected time, got number 1e+300 (out of range)"},
      {R"("signup":true)", "signup", "expected time, got bool true"},
      {R"("trial":"soon")", "trial", R"(expected duration, got string "soon")"},
      {R"("trial":[])", "trial", "expected duration, got array"},
      {R"("interests":"crm")", "interests", R"(expected set<string>, got string "crm")"},
      {R"("interests":["crm",3])", "interests[1]", "expected string, got number 3"},
      {R"("owners":{})", "owners", "expected list<string>, got object"},
      {R"("owners":[null])", "owners[0]", "expected string, got null"},
      {R"("email":"a\"b\n")", "", ""},  // control: escapes decode fine
  };
  Decoder d;
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    if (c.field.empty() && c.message.empty()) {
      CHECK(d.decode(lead(c.extra)));
      continue;
    }
    auto r = reject(d, lead(c.extra));
    CHECK(r.field == c.field);
    CHECK(r.message == c.message);
  }
}

TEST_CASE("long and odd values are quoted briefly and escaped") {
  Decoder d;
  auto r = reject(d, lead(R"("company_size":")" + std::string(100, 'x') + "\""));
  CHECK(r.message == R"(expected int, got string ")" + std::string(32, 'x') + R"(..." (100 bytes))");

  // Cut on a UTF-8 boundary: 31 ASCII bytes then a 2-byte character.
  r = reject(d, lead(R"("company_size":")" + std::string(31, 'y') + "\xC3\xA9zzzz\""));
  CHECK(r.message == R"(expected int, got string ")" + std::string(31, 'y') + R"(..." (37 bytes))");

  r = reject(d, lead(R"("company_size":"a\"b\tc")"));
  CHECK(r.message == R"(expected int, got string "a\"b\tc")");
}

TEST_CASE("ints accept integral numbers, numbers accept ints and huge values") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("company_size":2.0,"budget":7,"seats":-9223372036854775808)")));
  CHECK(d[company_size].i == 2);
  CHECK(d[budget].n == 7.0);
  CHECK(d[seats].i == INT64_MIN);
  REQUIRE(d.decode(lead(R"("budget":1e300,"company_size":-0.0)")));
  CHECK(d[budget].n == 1e300);
  CHECK(d[company_size].i == 0);
  REQUIRE(d.decode(lead(R"("budget":18446744073709551615)")));
  CHECK(d[budget].n == 18446744073709551615.0);

  // Integers beyond 64 bits are valid JSON: the nearest double, as JSON
  // parsers read them (simdjson alone refuses the line), wherever they are.
  REQUIRE(d.decode(lead(R"("budget":18446744073709551616)")));
  CHECK(d[budget].n == 18446744073709551616.0);
  REQUIRE(d.decode(lead(R"("budget":-1000000000000000000000000000000,"extra":[123456789012345678901234567890])")));
  CHECK(d[budget].n == -1e30);
  REQUIRE(d.decode(lead(R"("budget":-9223372036854775809,"email":"12345678901234567890123")")));
  CHECK(d[budget].n == -9223372036854775809.0);
  CHECK(d[email].str() == "12345678901234567890123");
  // In an int field they are out of range, naming the field (an event's too).
  auto r = reject(d, lead(R"("company_size":18446744073709551616)"));
  CHECK(r.field == "company_size");
  CHECK(r.message == "expected int, got number 1.8446744073709552e+19 (out of range)");
  r = reject(d, lead(R"("company_size":-9223372036854775809)"));
  CHECK(r.field == "company_size");
  CHECK(r.message == "expected int, got number -9.223372036854776e+18 (out of range)");
  r = reject(d, lead(R"("events":[{"type":"download","at":"2026-11-20","asset":"x","pages":100000000000000000000}])"));
  CHECK(r.field == "events[0].pages");
  CHECK(r.message == "expected int, got number 1e+20 (out of range)");
  // Below the smallest double: 0, as simdjson reads it.
  REQUIRE(d.decode(lead(R"("budget":1e-400)")));
  CHECK(d[budget].n == 0.0);

  // Beyond what a double holds, simdjson rejects the whole line; so does a
  // malformed number next to a big integer.
  r = reject(d, lead(R"("budget":1e400)"));
  CHECK(r.field == "");
  CHECK(r.message == "not valid JSON: malformed or out-of-range number");
  r = reject(d, lead(R"("budget":1)" + std::string(400, '0')));
  CHECK(r.message == "not valid JSON: malformed or out-of-range number");
  r = reject(d, lead(R"("budget":123456789012345678901234567890,"seats":012)"));
  CHECK(r.message == "not valid JSON: malformed or out-of-range number");
}

TEST_CASE("times: RFC 3339 with offsets, dates, epoch seconds") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("signup":"2026-11-23T10:30:00+02:00")")));
  CHECK(d[signup].i == *parse_time("2026-11-23T08:30:00Z"));
  REQUIRE(d.decode(lead(R"("signup":"2026-11-23T10:30:00.750-05:30")")));
  CHECK(d[signup].i == *parse_time("2026-11-23T16:00:00Z"));
  REQUIRE(d.decode(lead(R"("signup":"2026-11-23")")));
  CHECK(d[signup].i == *parse_time("2026-11-23T00:00:00Z"));
  // A leap second (RFC 3339 writes :60) is the next minute's first second,
  // as in time literals (docs/language.md, "Literals").
  REQUIRE(d.decode(lead(R"("signup":"2026-12-31T23:59:60Z")")));
  CHECK(d[signup].i == *parse_time("2027-01-01T00:00:00Z"));
  reject(d, lead(R"("signup":"2026-12-31T23:59:61Z")"));
  REQUIRE(d.decode(lead(R"("signup":1700000000)")));
  CHECK(d[signup].i == 1700000000);
  REQUIRE(d.decode(lead(R"("signup":1700000000.75)")));
  CHECK(d[signup].i == 1700000000);
  REQUIRE(d.decode(lead(R"("signup":-1.5)")));
  CHECK(d[signup].i == -2);  // fractions drop toward the past, as in text
  REQUIRE(d.decode(lead(R"("signup":253402300799)")));
  auto r = reject(d, lead(R"("signup":253402300800)"));
  CHECK(r.message == "expected time, got number 253402300800 (out of range)");
  // The year 0000 parses as text, and is outside the years a record holds.
  REQUIRE(d.decode(lead(R"("signup":"0001-01-01T00:00:00Z")")));
  r = reject(d, lead(R"("signup":"0000-12-31T23:59:59Z")"));
  CHECK(r.message == "expected time, got string \"0000-12-31T23:59:59Z\" (out of range)");
  r = reject(d, lead(R"("signup":"0001-01-01T00:30:00+01:00")"));
  CHECK(r.message == "expected time, got string \"0001-01-01T00:30:00+01:00\" (out of range)");
  // The last time is 9999-12-31T23:59:59Z after the offset too.
  REQUIRE(d.decode(lead(R"("signup":"9999-12-31T22:59:59-01:00")")));
  CHECK(d[signup].i == kLastTime);
  for (std::string_view late : {"9999-12-31T23:00:00-01:00", "9999-12-31T23:59:59.5-00:01", "9999-12-31T12:00:00-1200"}) {
    CAPTURE(late);
    r = reject(d, lead(fmt::format(R"("signup":"{}")", late)));
    CHECK(r.field == "signup");
    CHECK(r.message == fmt::format("expected time, got string \"{}\" (out of range)", late));
  }
  r = reject(d, lead(R"("signup":"9999-12-31T23:00:00-24:00")"));  // not an offset at all
  CHECK(r.message == "expected time, got string \"9999-12-31T23:00:00-24:00\"");
  r = reject(d, lead(R"("events":[{"type":"page_view","url":"/","at":"9999-12-31T23:00:00-01:00"}])"));
  CHECK(r.field == "events[0].at");
  CHECK(r.message == "expected time, got string \"9999-12-31T23:00:00-01:00\" (out of range)");
}

TEST_CASE("durations: seconds or text") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("trial":"30d")")));
  CHECK(d[trial].i == 30 * 86400);
  REQUIRE(d.decode(lead(R"("trial":90.7)")));
  CHECK(d[trial].i == 90);
  REQUIRE(d.decode(lead(R"("trial":-60)")));
  CHECK(d[trial].i == -60);
  auto r = reject(d, lead(R"("trial":1e30)"));
  CHECK(r.message == "expected duration, got number 1e+30 (out of range)");
  // Numbers are held to the limit of the text form, kMaxDuration (2^61 - 1 s).
  REQUIRE(d.decode(lead(R"("trial":2305843009213693951)")));
  CHECK(d[trial].i == kMaxDuration);
  REQUIRE(d.decode(lead(R"("trial":-2305843009213693951)")));
  CHECK(d[trial].i == -kMaxDuration);
  REQUIRE(d.decode(lead(R"("trial":2305843009213693000.5)")));
  CHECK(d[trial].i == 2305843009213692928);  // the double nearest, truncated
  for (std::string_view big : {"9223372036854775807", "2305843009213693952", "-2305843009213693952",
                               "18446744073709551615", "-9223372036854775808"}) {
    CAPTURE(big);
    r = reject(d, lead(fmt::format(R"("trial":{})", big)));
    CHECK(r.field == "trial");
    CHECK(r.message == fmt::format("expected duration, got number {} (out of range)", big));
  }
  // The text form says so too, when its shape is right.
  r = reject(d, lead(R"("trial":"26687997791826d")"));
  CHECK(r.message == "expected duration, got string \"26687997791826d\" (out of range)");
  r = reject(d, lead(R"("trial":"1d99999999999999999999s")"));
  CHECK(r.message == "expected duration, got string \"1d99999999999999999999s\" (out of range)");
  // A negative duration as it prints ("-2h", a minus before the whole of
  // it) reads back, to the same limit; the on-demand decoder reads it itself.
  const std::uint64_t fallbacks = d.decoder.reference_decodes();
  REQUIRE(d.decode(lead(R"("trial":"-2h")")));
  CHECK(d[trial].i == -7200);
  REQUIRE(d.decode(lead(R"("trial":"-1d12h")")));
  CHECK(d[trial].i == -(86400 + 12 * 3600));
  REQUIRE(d.decode(lead(R"("trial":"-26687997791825d3h52m31s")")));
  CHECK(d[trial].i == -kMaxDuration);
  CHECK(d.decoder.reference_decodes() == fallbacks);
  r = reject(d, lead(R"("trial":"-26687997791825d3h52m32s")"));
  CHECK(r.message == "expected duration, got string \"-26687997791825d3h52m32s\" (out of range)");
  for (std::string_view bad : {"--2h", "-", "- 2h", "2h-", "1d-2h", "+2h", "-30"}) {
    CAPTURE(bad);
    r = reject(d, lead(fmt::format(R"("trial":"{}")", bad)));
    CHECK(r.message == fmt::format("expected duration, got string \"{}\"", bad));
  }
  for (std::string_view bad : {"30d30d", "1s1d", "30", "d", "30x", ""}) {
    CAPTURE(bad);
    r = reject(d, lead(fmt::format(R"("trial":"{}")", bad)));
    CHECK(r.message == fmt::format("expected duration, got string \"{}\"", bad));
  }
  r = reject(d, lead(R"("trial":2.305843009213694e18)"));
  CHECK(r.message == "expected duration, got number 2.305843009213694e+18 (out of range)");
  r = reject(d, lead(R"("cooldown":100000000000000000000000)"));
  CHECK(r.field == "cooldown");
  CHECK(r.message == "expected duration, got number 1e+23 (out of range)");
}

TEST_CASE("coerced text at the edges: past 9999 in the zone, below the smallest double") {
  Decoder d(DecodeOptions{.coerce = true, .coerce_zone = "America/New_York"});
  REQUIRE(d.decode(lead(R"("signup":"9999-12-31 18:59:59","budget":"1e-400","seats":"1e-400")")));
  CHECK(d[signup].i == kLastTime);
  CHECK(d[budget].n == 0.0);
  CHECK(d[seats].i == 0);
  auto r = reject(d, lead(R"("signup":"9999-12-31 19:00:00")"));
  CHECK(r.field == "signup");
  CHECK(r.message == "expected time, got string \"9999-12-31 19:00:00\" (out of range)");
  r = reject(d, lead(R"("signup":"9999-12-31T23:00:00-01:00")"));
  CHECK(r.message == "expected time, got string \"9999-12-31T23:00:00-01:00\" (out of range)");
  r = reject(d, lead(R"("budget":"1e400")"));
  CHECK(r.message == "expected number, got string \"1e400\"");
  r = reject(d, lead(R"("trial":"2305843009213693952")"));
  CHECK(r.message == "expected duration, got string \"2305843009213693952\"");
}

TEST_CASE("events are grouped by type in input order") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("events":[
      {"type":"page_view","at":"2026-11-20T09:00:00Z","url":"/pricing"},
      {"url":"/docs","type":"page_view","at":1700000000,"referrer":"google"},
      {"type":"download","asset":"case-study","at":"2026-11-21T00:00:00Z"},
      {"type":"webinar","at":"2026-11-21T00:00:00Z","minutes":40},
      {"type":"download","at":"2026-11-22","asset":"comparison","pages":12}])")));
  const EventRows& views = d.record.events[page_view];
  REQUIRE(views.stride == 3);
  REQUIRE(views.count == 2);
  CHECK(views.row(0)[0].i == *parse_time("2026-11-20T09:00:00Z"));
  CHECK(views.row(0)[1].str() == "/pricing");
  CHECK(views.row(0)[2].is_missing());
  CHECK(views.row(1)[0].i == 1700000000);
  CHECK(views.row(1)[1].str() == "/docs");
  CHECK(views.row(1)[2].str() == "google");
  const EventRows& downloads = d.record.events[download];
  REQUIRE(downloads.count == 2);
  CHECK(downloads.row(0)[1].str() == "case-study");
  CHECK(downloads.row(0)[2].i == 1);  // default
  CHECK(downloads.row(1)[2].i == 12);
  CHECK(downloads.values.size() >= 6);  // the rows are the first count * stride values

  REQUIRE(d.decode(kMinimal));  // a reused record starts empty
  CHECK(d.record.events[page_view].count == 0);  // values keeps its size as room for the next rows
  REQUIRE(d.decode(lead(R"("events":[])")));
  REQUIRE(d.decode(lead(R"("events":null)")));
}

TEST_CASE("event errors name the event") {
  struct Case {
    std::string events, field, message;
  };
  const std::vector<Case> cases = {
      {R"([{"type":"page_view","at":"2026-11-20","url":"/"},{"type":"page_view","at":"2026-11-20","url":7}])",
       "events[1].url", "expected string, got number 7"},
      {R"([{"type":"page_view","url":"/"}])", "events[0].at", "missing required field"},
      {R"([{"type":"page_view","at":"last week","url":"/"}])", "events[0].at",
       R"(expected time, got string "last week")"},
      {R"([{"type":"page_view","at":null,"url":"/"}])", "events[0].at", "missing required field"},
      {R"([{"type":"download","at":"2026-11-20"}])", "events[0].asset", "missing required field"},
      {R"([{"type":"download","at":"2026-11-20","asset":"x","pages":"many"}])", "events[0].pages",
       R"(expected int, got string "many")"},
      {R"([{"at":"2026-11-20"}])", "events[0].type", "missing required field"},
      {R"([{"type":3}])", "events[0].type", "expected string, got number 3"},
      {R"([5])", "events[0]", "expected object, got number 5"},
      {R"({"type":"page_view"})", "events", "expected array, got object"},
  };
  Decoder d;
  for (const Case& c : cases) {
    CAPTURE(c.events);
    auto r = reject(d, lead(R"("events":)" + c.events));
    CHECK(r.field == c.field);
    CHECK(r.message == c.message);
  }
}

TEST_CASE("unknown fields and event types: ignored, or errors when strict") {
  const std::string json = lead(R"("favourite_color":"blue","events":[
      {"type":"page_view","at":"2026-11-20","url":"/","utm":{"a":[1,2]}},
      {"type":"webinar","at":"2026-11-20"}])");
  Decoder lax;
  REQUIRE(lax.decode(json));
  CHECK(lax.record.events[page_view].count == 1);

  Decoder strict(DecodeOptions{.strict = true});
  auto r = reject(strict, json);
  CHECK(r.field == "favourite_color");
  CHECK(r.message == "unknown field");
  r = reject(strict, lead(R"("events":[{"type":"page_view","at":"2026-11-20","url":"/","utm":1}])"));
  CHECK(r.field == "events[0].utm");
  CHECK(r.message == "unknown field");
  r = reject(strict, lead(R"("events":[{"type":"webinar","at":"2026-11-20"}])"));
  CHECK(r.field == "events[0].type");
  CHECK(r.message == R"(unknown event type "webinar")");
}

TEST_CASE("byte order mark and CRLF") {
  Decoder d;
  REQUIRE(d.decode("\xEF\xBB\xBF" + std::string(kMinimal)));
  CHECK(d[company_size].i == 3);
  REQUIRE(d.decode(std::string(kMinimal) + "\r"));
  REQUIRE(d.decode("\xEF\xBB\xBF" + std::string(kMinimal) + "\r"));
  REQUIRE(d.decode("  " + std::string(kMinimal) + " \t"));
}

TEST_CASE("lines that are not one JSON object") {
  struct Case {
    std::string json, message;
  };
  const std::vector<Case> cases = {
      {"", "empty line: expected a JSON object"},
      {"\r", "empty line: expected a JSON object"},
      {"email=x", "not valid JSON: misplaced or missing brace, bracket, comma or colon, or trailing content"},
      {R"({"authority":tru})", "not valid JSON: bad literal (true, false or null expected)"},
      {R"({"email":"x",)", "not valid JSON: misplaced or missing brace, bracket, comma or colon, or trailing content"},
      {std::string(kMinimal) + " {}", "not valid JSON: misplaced or missing brace, bracket, comma or colon, or trailing content"},
      {std::string(kMinimal) + "x", "not valid JSON: misplaced or missing brace, bracket, comma or colon, or trailing content"},
      {R"({"email":"x)", "not valid JSON: unclosed string"},
      {R"({"email":"\q"})", "not valid JSON: bad escape in a string"},
      {"{\"email\":\"\xFF\"}", "not valid UTF-8"},
      {"[1,2]", "expected a JSON object, got array"},
      {R"("lead")", R"(expected a JSON object, got string "lead")"},
      {"42", "expected a JSON object, got number 42"},
      {"null", "expected a JSON object, got null"},
  };
  Decoder d;
  for (const Case& c : cases) {
    CAPTURE(c.json);
    auto r = reject(d, c.json);
    CHECK(r.field == "");
    CHECK(r.message == c.message);
    CHECK_FALSE(d.record.has_id);
  }
}

TEST_CASE("nesting deeper than max_depth is rejected, without recursion") {
  Decoder d;
  std::string deep = lead(R"("x":)" + std::string(1000, '[') + std::string(1000, ']'));
  auto r = reject(d, deep);
  CHECK(r.message == "not valid JSON: nested too deeply");
  r = reject(d, std::string(100000, '[') + std::string(100000, ']'));
  CHECK(r.message == "not valid JSON: nested too deeply");

  // The limit counts containers: the record object plus 63 arrays is 64.
  REQUIRE(d.decode(lead(R"("x":)" + std::string(63, '[') + "1" + std::string(63, ']'))));
  reject(d, lead(R"("x":)" + std::string(64, '[') + "1" + std::string(64, ']')));

  Decoder shallow(DecodeOptions{.max_depth = 2});
  REQUIRE(shallow.decode(lead(R"("interests":["a"])")));
  reject(shallow, lead(R"("events":[{"type":"page_view"}])"));
}

TEST_CASE("more events than max_events") {
  Decoder d(DecodeOptions{.max_events = 3});
  std::string events = R"({"type":"page_view","at":"2026-11-20","url":"/"})";
  REQUIRE(d.decode(lead(R"("events":[)" + events + "," + events + "," + events + "]")));
  auto r = reject(d, lead(R"("events":[)" + events + "," + events + "," + events + "," + events + "]"));
  CHECK(r.field == "events");
  CHECK(r.message == "more than 3 events");
}

TEST_CASE("a 50 MB line") {
  Decoder d;
  std::string big(50u << 20, 'q');
  REQUIRE(d.decode(lead(R"("email":")" + big + "\"")));
  CHECK(d[email].len == big.size());
  CHECK(d[email].str() == big);
  // The decoder keeps working at normal sizes afterwards.
  REQUIRE(d.decode(kMinimal));
  CHECK(d[email].str() == "a@b.example");
}

TEST_CASE("ids: string, integer, missing, and named in errors") {
  Decoder d;
  REQUIRE(d.decode(lead(R"("id":"L1")")));
  CHECK(d.record.has_id);
  CHECK(d.record.id == "L1");
  REQUIRE(d.decode(lead(R"("id":1234567890123)")));
  CHECK(d.record.id == "1234567890123");
  REQUIRE(d.decode(lead(R"("id":-7)")));
  CHECK(d.record.id == "-7");
  REQUIRE(d.decode(lead(R"("id":18446744073709551615)")));
  CHECK(d.record.id == "18446744073709551615");
  REQUIRE(d.decode(kMinimal));
  CHECK_FALSE(d.record.has_id);
  CHECK(d.record.id.empty());

  // The id comes after the bad field, and is still reported.
  auto r = reject(d, R"({"email":"x","company_size":"lots","id":"L7"})");
  CHECK(r.field == "company_size");
  CHECK(d.record.has_id);
  CHECK(d.record.id == "L7");

  r = reject(d, lead(R"("id":1.5)"));
  CHECK(r.field == "id");
  CHECK(r.message == "expected string or integer, got number 1.5");
  r = reject(d, lead(R"("id":{"crm":1})"));
  CHECK(r.message == "expected string or integer, got object");
}

// A line that is not JSON still names its lead when it begins with the id,
// so that the rejection and explain --id can point at it.
TEST_CASE("ids: read from the start of a line that is not JSON") {
  Decoder d;
  auto r = reject(d, R"({"id":"B9","email":"x@y.example")");  // the closing brace missing
  CHECK(r.message.starts_with("not valid JSON"));
  CHECK(d.record.has_id);
  CHECK(d.record.id == "B9");
  std::string deep = R"({ "id" : 42, "email":"x", "a":)" + std::string(300, '[') + std::string(300, ']') + "}";
  r = reject(d, deep);
  CHECK(r.message == "not valid JSON: nested too deeply");
  CHECK(d.record.id == "42");
  reject(d, R"({"id": 7 , "email":"x")");  // spaces before the comma
  CHECK(d.record.id == "7");
  for (const char* unnamed : {R"({"email":"x","id":"L1")", R"({"id":"L\u0031","email":)", R"({"id":"L1)",
                              R"({"id":12x,"email":"x"})", R"({"id":-,"email":"x"})", R"(["id","L1"])", R"({"id":0042,"email":"x")", "{\"id\":\"a\tb\","}) {
    CAPTURE(unnamed);
    reject(d, unnamed);
    CHECK_FALSE(d.record.has_id);
  }
}

TEST_CASE("a record owns its text: it outlives the next decode") {
  Decoder d;
  Record first;
  DecodeError error;
  REQUIRE(d.decoder.decode(lead(R"("id":"L1","country":"FR","interests":["x","y"])"), first, error));
  REQUIRE(d.decode(lead(R"("id":"L2","country":"NL","interests":["z"])")));
  CHECK(first.id == "L1");
  CHECK(first.fields[country].str() == "FR");
  CHECK(first.fields[interests].len == 2);
  CHECK(first.fields[interests].items[1].str() == "y");
  CHECK(d[country].str() == "NL");
}

TEST_CASE("a key given twice is a rejected record: JSON does not say which value counts") {
  Decoder d;
  auto r = reject(d, R"({"email":"x","company_size":1,"company_size":2})");
  CHECK(r.field == "company_size");
  CHECK(r.message == "given twice");
  r = reject(d, R"({"id":"a","id":"b","email":"x","company_size":1})");
  CHECK(r.field == "id");
  r = reject(d, R"({"email":"x","company_size":1,"events":[],"events":[]})");
  CHECK(r.field == "events");
  r = reject(d, R"({"email":"x","company_size":1,"events":[{"type":"page_view","at":"2026-11-01T00:00:00Z","url":"/a","url":"/b"}]})");
  CHECK(r.field == "events[0].url");
  CHECK(r.message == "given twice");
}

TEST_CASE("wide schemas look names up by hash") {
  ProgramImage image;
  image.sla_name = "wide";
  image.sla_version = "1";
  std::string json = "{";
  for (int i = 0; i < 40; ++i) {
    image.lead_fields.push_back(field("f" + std::to_string(i), Type::int_));
    image.registers.push_back(Type::int_);
    json += (i ? ",\"f" : "\"f") + std::to_string(39 - i) + "\":" + std::to_string(39 - i);
  }
  json += ",\"other\":1}";
  image.code = {bc::Instruction{bc::Op::halt, 0, 0, 0, 0}};
  image.chunks = {ChunkInfo{0, 1, bc::kNone}};
  std::string error;
  auto program = Program::from_image(std::move(image), error);
  REQUIRE_MESSAGE(program, error);
  RecordDecoder decoder(program);
  Record record;
  DecodeError decode_error;
  REQUIRE(decoder.decode(json, record, decode_error));
  for (int i = 0; i < 40; ++i) CHECK(record.fields[static_cast<std::size_t>(i)].i == i);
}

// Three ways to decode events: the On-Demand decoder (the default), and the
// DOM reference reading the common shape straight from the parser's tape or
// everything through the element API (DecodeOptions::fast_events). All three
// must give the same record, or the same error, for every shape: values of
// each JSON type in fields of each type, nulls, absent and unknown keys,
// "type" first or not, repeated keys, unknown types, strict or not, with
// coercion, event types in any case, and lines damaged anywhere.
TEST_CASE("every decoder agrees on every shape of event, valid or damaged") {
  ProgramImage image = test_image();
  image.events.push_back(EventInfo{"mixed",
                                   {field("at", Type::time), field("s", Type::string), field("o", Type::string, true),
                                    field("n", Type::number, true), field("i", Type::int_, true),
                                    field("b", Type::boolean, true), with_default(field("d", Type::int_), int_literal(9)),
                                    field("dur", Type::duration, true), field("tags", Type::string_set, true)}});
  std::string error;
  auto program = Program::from_image(image, error);
  REQUIRE_MESSAGE(program, error);

  const std::vector<std::string> values = {
      R"("x")", R"("2026-11-20T09:00:00Z")", R"("2026-11-20")", R"("soon")", R"("caf\u00e9\n")", "7", "-3",
      "9223372036854775807", "18446744073709551615", "2.5", "3.0", "1e400", "true", "false", "null", "{}",
      R"({"a":[1,{"b":2}]})", "[1]", R"(["p","q","p"])", R"("")", "2305843009213693951", "-2305843009213693952",
      "2.305843009213694e18", "123456789012345678901234567890", "1e-400", R"("9999-12-31T23:00:00-01:00")",
      R"("9999-12-31T22:59:59-01:00")", "253402300799"};
  const std::vector<std::string> keys = {"at", "s", "o", "n", "i", "b", "d", "dur", "tags", "extra", "type", "\\u0073"};
  const std::vector<std::string> types = {R"("mixed")", R"("page_view")", R"("download")", R"("nope")", "3", "null",
                                          R"("Page_View")", R"("p\u0061ge_view")", R"("MIXED")"};

  std::uint64_t seed = 12345;
  auto next = [&](std::size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % n);
  };
  auto event = [&] {
    std::string out = "{";
    bool first = true;
    auto member = [&](const std::string& key, const std::string& value) {
      out += (first ? "\"" : ",\"") + key + "\":" + value;
      first = false;
    };
    bool type_first = next(8) != 0;
    std::string type = next(10) != 0 ? types[0] : types[next(types.size())];
    if (type_first) member("type", type);
    if (next(10) != 0) {  // usually the required fields, in schema order
      member("at", R"("2026-11-21T10:11:12Z")");
      member(next(3) ? "s" : "asset", R"("/docs/a")");
      if (next(2)) member("url", R"("/u")");
    }
    for (std::size_t m = next(5); m > 0; --m) {
      const std::string& key = keys[next(keys.size())];
      // Mostly well-typed values, so that most events take the fast path.
      std::string value = values[next(values.size())];
      if (next(12) != 0) {
        if (key == "at") value = next(2) ? R"("2026-11-21T10:11:12Z")" : "1700000000";
        if (key == "s" || key == "o") value = R"("/pricing")";
        if (key == "n") value = next(2) ? "2.5" : "4";
        if (key == "i" || key == "d") value = "42";
        if (key == "b") value = next(2) ? "true" : "false";
        if (key == "dur") value = next(2) ? R"("30d")" : "3600";
        if (key == "tags") value = R"(["q","p","q"])";  // a set: the repeat is dropped
        if (key == "type") continue;
      }
      member(key, key == "type" ? types[next(types.size())] : value);
    }
    if (!type_first && next(2)) member("type", type);
    return out + "}";
  };

  // Damage: a byte changed, removed or repeated somewhere in the line (inside
  // unknown members too), so that every kind of malformed JSON is met.
  const std::string damage = "{}[]\",:\\ tfn0-.eE\x01\xC3u";
  auto damaged = [&](std::string json) {
    const std::size_t at = next(json.size());
    switch (next(3)) {
      case 0: json[at] = damage[next(damage.size())]; break;
      case 1: json.erase(at, 1); break;
      default: json.insert(at, 1, json[at]); break;
    }
    return json;
  };

  std::size_t fast_ok = 0, damaged_lines = 0, on_demand_ok = 0;
  for (int variant = 0; variant < 4; ++variant) {
    DecodeOptions options{.strict = variant == 1, .coerce = variant == 2, .event_types_ignore_case = variant == 3};
    RecordDecoder on_demand(program, options);
    RecordDecoder fast(program, with_decoder(options, DecodeOptions::Decoder::dom));
    DecodeOptions plain = with_decoder(options, DecodeOptions::Decoder::dom);
    plain.fast_events = false;
    RecordDecoder slow(program, plain);
    Record a, b, c;
    for (int n = 0; n < 3000; ++n) {
      std::string events;
      for (std::size_t e = next(3) + 1; e > 0; --e) events += (events.empty() ? "" : ",") + event();
      std::string json = lead(R"("events":[)" + events + "]");
      if (next(4) == 0) {
        json = damaged(json);
        ++damaged_lines;
      }
      CAPTURE(json);
      DecodeError ea, eb, ec;
      const bool ok = fast.decode(json, a, ea);
      check_same_decoding(image, ok, a, ea, slow.decode(json, b, eb), b, eb);
      check_same_decoding(image, ok, a, ea, on_demand.decode(json, c, ec), c, ec);
      if (ok) ++fast_ok;
    }
    // The three decoders counted the same names the SLA does not declare.
    CHECK(fast.unknown().fields == slow.unknown().fields);
    CHECK(fast.unknown().event_types == slow.unknown().event_types);
    CHECK(fast.unknown().fields == on_demand.unknown().fields);
    CHECK(fast.unknown().event_types == on_demand.unknown().event_types);
    // The On-Demand decoder decided most valid lines itself.
    on_demand_ok += 3000 - on_demand.reference_decodes();
  }
  CHECK(on_demand_ok > 1000);
  CHECK(damaged_lines > 2000);
  // The well-formed shapes are common enough to be compared (records with a
  // repeated key are rejected by both paths alike).
  CHECK(fast_ok > 1000);
}

// Lead fields of every type given values of every JSON type (and members the
// SLA does not declare, holding anything), some lines damaged: the On-Demand
// decoder and the DOM reference agree on every one, with and without strict
// and coercion.
TEST_CASE("both decoders agree on generated lead fields, valid or damaged") {
  // Sets with repeated items, long enough to be sorted rather than compared pairwise.
  std::string repeats = "[";
  for (int i = 0; i < 40; ++i) repeats += (i ? ",\"" : "\"") + std::to_string(i % 13) + "\"";
  repeats += "]";
  auto program = test_program();
  const ProgramImage& image = program->image();
  const std::vector<std::string> values = {
      R"("x")", R"("2026-11-20T09:00:00Z")", R"("2026-11-20T09:00:00.250+02:00")", R"("2026-11-20")", R"("30d")",
      R"("caf\u00e9")", R"("\ud83d\ude00")", R"("\ud800")", R"("yes")", R"("12")", R"("1.5")", R"("")", "7", "-3", "0", "1",
      "1700000000", "1700000000123", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
      "18446744073709551616", "2.5", "3.0", "-0.0", "1e400", "1e22", "true", "false", "null", "{}", "[]",
      R"({"a":[1,{"b":"\n"}]})", R"([1,"x"])", R"(["p","q"])", R"(["p",null])", R"(["q","p","q","\u0070"])",
      repeats, "2305843009213693951",
      "2305843009213693952", "-2305843009213693952", "-123456789012345678901234567890", "1e-400", R"("1e-400")",
      R"("9999-12-31T23:00:00-01:00")", R"("9999-12-31 23:00:00")", R"("0001-01-01T00:30:00+01:00")"};
  std::vector<std::string> keys;
  for (const FieldInfo& f : image.lead_fields) keys.push_back(f.name);
  for (const char* extra : {"id", "id", "extra", "events", "\\u0065mail", "Email"}) keys.emplace_back(extra);

  std::uint64_t seed = 977;
  auto next = [&](std::size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % n);
  };
  std::size_t accepted = 0, on_demand_ok = 0;
  for (int variant = 0; variant < 3; ++variant) {
    DecodeOptions options{.strict = variant == 1, .coerce = variant == 2};
    RecordDecoder on_demand(program, options);
    RecordDecoder dom(program, with_decoder(options, DecodeOptions::Decoder::dom));
    Record a, b;
    for (int n = 0; n < 3000; ++n) {
      std::string extra;
      for (std::size_t m = next(6); m > 0; --m) {
        const std::string& key = keys[next(keys.size())];
        std::string value = values[next(values.size())];
        if (key == "events") value = next(2) ? "[]" : "null";
        extra += (extra.empty() ? "\"" : ",\"") + key + "\":" + value;
      }
      std::string json = next(3) ? lead(extra) : "{" + extra + "}";
      if (next(5) == 0 && !json.empty()) json.erase(next(json.size()), 1);
      CAPTURE(json);
      DecodeError ea, eb;
      const bool ok = dom.decode(json, a, ea);
      check_same_decoding(image, ok, a, ea, on_demand.decode(json, b, eb), b, eb);
      if (ok) ++accepted;
    }
    CHECK(dom.unknown().fields == on_demand.unknown().fields);
    on_demand_ok += 3000 - on_demand.reference_decodes();
  }
  CHECK(accepted > 300);
  CHECK(on_demand_ok > 300);
}


// parse_time reads the usual RFC 3339 shapes (Z or +HH:MM, with or without a
// fraction) on a fast path with a 'T' between date and time; the general
// parser reads the same text with a 't' there. Both must agree on every
// string, valid or not: generated near-valid timestamps, some damaged.
TEST_CASE("timestamps: the fast path agrees with the general parser") {
  std::uint64_t seed = 4242;
  auto next = [&](std::size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % n);
  };
  auto two = [&](std::size_t limit) { return fmt::format("{:02}", next(limit)); };
  const std::vector<std::string> zones = {"Z", "+02:00", "-05:30", "+23:59", "-24:00", "+02:60", "+0200", "z", "", "+2:00"};
  std::size_t valid = 0;
  for (int n = 0; n < 200000; ++n) {
    std::string text = fmt::format("{:04}-{}-{}T{}:{}:{}", next(3) ? 1970 + next(130) : next(10000), two(14), two(33),
                                   two(26), two(62), two(62));
    if (next(3) == 0) text += "." + std::string(next(4), static_cast<char>('0' + next(10)));
    text += zones[next(zones.size())];
    if (next(8) == 0) text[next(text.size())] = "0123456789:-+.TZ x"[next(18)];
    std::string general = text;
    if (general.size() > 10 && general[10] == 'T') general[10] = 't';
    CAPTURE(text);
    const auto fast = parse_time(text), slow = parse_time(general);
    REQUIRE(fast == slow);
    if (fast) ++valid;
  }
  CHECK(valid > 40000);
  CHECK(parse_time("2026-11-20T09:00:00.250+02:00") == parse_time("2026-11-20T07:00:00Z"));
  CHECK(parse_time("2026-11-20T09:00:00-01:30") == parse_time("2026-11-20T10:30:00Z"));
}

// A string without escapes is read in place, one with escapes is unescaped:
// the test for a backslash reads eight bytes at a time, so every length and
// every position of the escape is tried (the Decoder compares with the DOM).
TEST_CASE("escapes at every position of strings of every length") {
  Decoder d;
  for (std::size_t size = 0; size < 40; ++size) {
    const std::string plain(size, 'a');
    REQUIRE(d.decode(lead(R"("email":")" + plain + "\"")));
    CHECK(d[email].str() == plain);
    for (std::size_t at = 0; at < size; ++at) {
      std::string escaped = plain;
      escaped.replace(at, 1, "\\n");
      REQUIRE(d.decode(lead(R"("email":")" + escaped + R"(","events":[{"type":"page_view","at":"2026-11-20","url":")" +
                            escaped + R"("}])")));
      std::string expected = plain;
      expected[at] = '\n';
      CHECK(d[email].str() == expected);
      CHECK(d.record.events[page_view].row(0)[1].str() == expected);
    }
  }
}

// Lines over 64 KiB are parsed in the decoder's own buffer and their strings
// copied (shorter ones are parsed in the record's arena and read in place):
// both kinds, one after the other, give the reference's records.
TEST_CASE("long lines are decoded as short ones are") {
  Decoder d;
  std::string events;
  for (int i = 0; i < 3000; ++i)
    events += fmt::format(R"({}{{"type":"page_view","at":"2026-11-{:02}T10:00:00.5+01:00","url":"/p\u00e9{}","x":[{}]}})",
                          i ? "," : "", 1 + i % 28, i, i);
  const std::string big = lead(R"("id":"L9","events":[)" + events + "]");
  REQUIRE(big.size() > (64u << 10));
  Record kept, reference_kept;
  DecodeError error;
  REQUIRE(d.decoder.decode(big, kept, error));
  REQUIRE(d.reference.decode(big, reference_kept, error));  // keeps the two decoders' unknown-name counts in step
  REQUIRE(d.decode(big));
  CHECK(d.record.events[page_view].count == 3000);
  CHECK(d.record.events[page_view].row(2999)[1].str() == "/p\xC3\xA9" "2999");
  REQUIRE(d.decode(lead(R"("id":"L10","events":[{"type":"page_view","at":"2026-11-20","url":"/a"}])")));
  CHECK(d.record.events[page_view].row(0)[1].str() == "/a");
  // The long line's record still holds its own text.
  CHECK(kept.events[page_view].row(0)[1].str() == "/p\xC3\xA9" "0");
  CHECK(kept.id == "L9");
}
