// The .batonc container (write_image / read_image), the Program built from it
// (regexes, sets, imports, fingerprint), StringSet and the disassembler.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>

#include "../support/compile_text.hpp"
#include "../support/old_layout.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/disasm.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/program_io.hpp"
#include "baton/stdlib/registry.hpp"
#include "bytecode_sample_image.hpp"
#include "string_set.hpp"

using namespace baton;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::size_t kHeader = 36;

std::string load_error(const Bytes& bytes) {
  std::string error;
  const auto program = Program::load(bytes, error);
  CHECK_FALSE(program);
  return error;
}

void put_u16(Bytes& bytes, std::size_t at, std::uint16_t v) {
  bytes[at] = static_cast<std::uint8_t>(v);
  bytes[at + 1] = static_cast<std::uint8_t>(v >> 8);
}

// Offset of the first byte of a section's body (tag 1 = meta ... 14 = debug).
std::size_t section_body(const Bytes& bytes, std::uint8_t tag) {
  std::size_t pos = kHeader;
  while (bytes[pos] != tag) {
    const std::uint32_t length = bytes[pos + 1] | bytes[pos + 2] << 8 | bytes[pos + 3] << 16 | bytes[pos + 4] << 24;
    pos += 5 + length;
  }
  return pos + 5;
}

}  // namespace

TEST_CASE("an image survives the round trip byte for byte") {
  const ProgramImage original = testing::sample_image();
  const Bytes bytes = write_image(original);
  REQUIRE(bytes.size() > kHeader);
  CHECK(std::string(bytes.begin(), bytes.begin() + 4) == "BTNC");
  CHECK(bytes[4] == bc::kVersion);

  ProgramImage back;
  std::string error;
  REQUIRE(read_image(bytes, back, error));
  CHECK(error.empty());
  CHECK(write_image(back) == bytes);
  CHECK(back.sla_name == "northwind");
  CHECK(back.lead_fields[3].optional);
  CHECK(back.lead_fields[5].default_value.items == std::vector<std::string>{"new"});
  CHECK(back.k_regex[0].case_insensitive);
  CHECK(back.k_items[1].is_set == false);
  CHECK(back.code.size() == original.code.size());
  CHECK(back.code[0].op == bc::Op::call);
  CHECK(back.code[0].n == 1);
  CHECK(back.rules[3].text == original.rules[3].text);
  CHECK(back.routes[0].within == 4 * 3600);
  CHECK(back.lines == original.lines);
  CHECK(back.source_path == "examples/northwind.baton");
}

TEST_CASE("the fingerprint covers the semantics, not the debug section") {
  const ProgramImage a = testing::sample_image();
  const std::string fp = fingerprint_of(a);
  CHECK(fp.size() == 32);
  CHECK(fp.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(fingerprint_in_header(write_image(a)) == fp);

  ProgramImage debug_only = a;
  debug_only.source_path = "elsewhere.baton";
  debug_only.lines.assign(debug_only.lines.size(), 99);
  debug_only.rules[0].text = "reworded";
  debug_only.stages[1].line = 1234;
  debug_only.routes[0].text.clear();
  CHECK(fingerprint_of(debug_only) == fp);

  ProgramImage changed = a;
  changed.rules[0].points = 21;
  CHECK(fingerprint_of(changed) != fp);
  changed = a;
  changed.sla_version = "2026.11.3";
  CHECK(fingerprint_of(changed) != fp);
}

TEST_CASE("header problems are named") {
  const Bytes good = write_image(testing::sample_image());
  CHECK(load_error({}) == "not a baton bytecode file (bad magic)");
  CHECK(load_error(Bytes{'{', '"', 'a', '"'}) == "not a baton bytecode file (bad magic)");
  CHECK(load_error(Bytes(good.begin(), good.begin() + 20)) == "truncated file: expected 36 bytes of header, found 20");

  Bytes newer = good;
  put_u16(newer, 4, bc::kVersion + 1);
  CHECK(load_error(newer) == fmt::format("bytecode format version {} is newer than this runtime (max {})",
                                         bc::kVersion + 1, bc::kVersion));
  Bytes older = good;
  put_u16(older, 4, 0);
  CHECK(load_error(older).find("bytecode format version 0 is older") == 0);
  // A version 1 file (the sample uses only version 1 opcodes) still loads,
  // and runs the same: version 2 only added opcodes, version 3 the lifecycle
  // and hand-off sections, version 4 the calendars, before debug (tag 17; 14
  // in v1), version 5 the stage-arm tables at the ends of stages and debug and
  // the explain section after debug.
  Bytes first = testing::in_version_1_layout(testing::sample_image(), 1);
  put_u16(first, 4, 1);
  first = reseal_for_testing(first);
  std::string error;
  const auto v1 = Program::load(first, error);
  CHECK_MESSAGE(v1, error);
  put_u16(first, 4, 3);  // the same sections labelled version 3: the lifecycle section is missing
  CHECK(load_error(reseal_for_testing(first)).find("lifecycle section") != std::string::npos);
  CHECK(bc::kVersionMin == 1);
  Bytes flags = good;
  flags[6] = 4;
  CHECK(load_error(flags) == "unknown header flags 0x0004 (this runtime defines none)");

  const Bytes cut(good.begin(), good.end() - 10);
  CHECK(load_error(cut) == fmt::format("truncated file: expected {} bytes of payload, found {}",
                                       good.size() - kHeader, good.size() - kHeader - 10));
  Bytes longer = good;
  longer.push_back(0);
  CHECK(load_error(longer) == "1 bytes of unexpected data after the payload");

  Bytes damaged = good;
  damaged[good.size() / 2] ^= 0x10;
  CHECK(load_error(damaged) == "checksum mismatch: the file is damaged");
  Bytes wrong_fp = good;
  wrong_fp[12] ^= 1;
  CHECK(load_error(wrong_fp).find("fingerprint mismatch") == 0);
}

TEST_CASE("section problems are named") {
  const Bytes good = write_image(testing::sample_image());
  SUBCASE("a section's length runs past the payload") {
    Bytes bytes = good;
    const std::size_t code = section_body(bytes, 5);
    bytes[code - 4] = 0xFF;  // low byte of the code section's length
    bytes[code - 3] = 0x0F;
    const std::string error = load_error(reseal_for_testing(bytes));
    CHECK(error.find("truncated file: expected 4095 bytes of code section, found") == 0);
  }
  SUBCASE("sections out of order") {
    Bytes bytes = good;
    bytes[section_body(bytes, 2) - 5] = 3;
    CHECK(load_error(reseal_for_testing(bytes)) == "expected the schema section (tag 2), found tag 3");
  }
  SUBCASE("a type byte out of range") {
    Bytes bytes = good;
    bytes[section_body(bytes, 4) + 4] = 200;  // register r0's type
    CHECK(load_error(reseal_for_testing(bytes)) == "registers section: register r0 has an unknown type byte 200");
  }
  SUBCASE("a bool byte that is not 0 or 1") {
    Bytes bytes = good;
    const std::size_t scores = section_body(bytes, 9);
    bytes[scores + 4 + 4 + 3 + 2] = 7;  // count, name length, "fit", reg, has_min
    CHECK(load_error(reseal_for_testing(bytes)) == "scores section: has_min must be 0 or 1, found 7");
  }
  SUBCASE("a count larger than the section") {
    Bytes bytes = good;
    const std::size_t stages = section_body(bytes, 11);
    bytes[stages + 1] = 0x10;  // 4 -> 4100 stages
    CHECK(load_error(reseal_for_testing(bytes)) ==
          "stages section: stage count 4100 needs at least 16400 bytes, only 46 remain");
  }
  SUBCASE("a verified image is required too") {
    ProgramImage image = testing::sample_image();
    image.code[0].b = 9;  // an import that does not exist
    std::string error;
    CHECK_FALSE(Program::load(write_image(image), error));
    CHECK(error == "chunk 0, instruction 0 (call): operand b: import 9 out of range (2 in the table)");
  }
}

TEST_CASE("a loaded program prepares regexes, sets, lists and imports") {
  std::string error;
  const auto program = Program::load(write_image(testing::sample_image()), error);
  INFO(error);
  REQUIRE(program);
  CHECK(program->name() == "northwind");
  CHECK(program->version() == "2026.11.2");
  CHECK(program->fingerprint() == fingerprint_of(testing::sample_image()));
  CHECK(program->to_bytes() == write_image(testing::sample_image()));

  CHECK(RE2::PartialMatch("Head of Growth", program->regex(0)));
  CHECK(RE2::PartialMatch("VP SALES", program->regex(0)));
  CHECK_FALSE(RE2::PartialMatch("student", program->regex(0)));

  CHECK(program->set(0).contains("gmail.com"));
  CHECK_FALSE(program->set(0).contains("acme.com"));
  CHECK(program->set(1).contains("ben"));
  REQUIRE(program->items(1).size() == 3);
  CHECK(program->items(1)[2].str() == "chen");
  CHECK(program->items(1)[2].s == program->image().k_items[1].items[2].data());

  CHECK(program->function(0).name == "lower");
  CHECK(program->function(1).name == "concat");  // variadic, called with two strings
  CHECK(program->stage_index("mql") == 2);
  CHECK(program->stage_index("nope") == -1);
  CHECK(program->score_index("engagement") == 1);
  CHECK(program->score_index("grade") == -1);

  const auto same = Program::from_image(testing::sample_image(), error);
  REQUIRE(same);
  CHECK(same->fingerprint() == program->fingerprint());
}

// A set holds each item once: the compiler writes set literals, consts and
// set defaults without repeats (so a set written with a repeat is the same
// constant as one without); lists keep theirs.
TEST_CASE("set constants and set defaults are written without repeats, lists with them") {
  const auto program = testing::compile_text(R"(sla "t" version "1"
lead { tags: set<string> = {"b", "a", "b"}, path: list<string> = ["b", "a", "b"] }
const regions = {"emea", "na", "emea"}
export let n = size(regions) + size({"emea", "na"}) + size(["x", "x"]) + size(tags) + size(path)
stages { lead otherwise }
)");
  const ProgramImage& image = program->image();
  CHECK(image.lead_fields[0].default_value.items == std::vector<std::string>{"b", "a"});
  CHECK(image.lead_fields[1].default_value.items == std::vector<std::string>{"b", "a", "b"});
  REQUIRE(image.k_items.size() == 2);
  CHECK(image.k_items[0].is_set);
  CHECK(image.k_items[0].items == std::vector<std::string>{"emea", "na"});
  CHECK_FALSE(image.k_items[1].is_set);
  CHECK(image.k_items[1].items == std::vector<std::string>{"x", "x"});
}

TEST_CASE("load-time failures") {
  std::string error;
  ProgramImage image = testing::sample_image();
  image.imports[0].name = "frobnicate";
  CHECK_FALSE(Program::from_image(image, error));
  CHECK(error == "unknown built-in function 'frobnicate' (this program needs a newer runtime)");

  image = testing::sample_image();
  image.imports[1].name = "lower";  // lower(string, string): the name exists, the signature does not
  CHECK_FALSE(Program::from_image(image, error));
  CHECK(error == "built-in function 'lower' has no overload lower(string, string) -> string "
                 "(this program needs a newer runtime)");

  image = testing::sample_image();
  image.k_regex[0].pattern = "(unclosed";
  CHECK_FALSE(Program::from_image(image, error));
  CHECK(error.find("regex constant #0 /(unclosed/ does not compile: ") == 0);
}

TEST_CASE("load_file") {
  std::string error;
  CHECK_FALSE(Program::load_file("/nonexistent/dir/x.batonc", error));
  CHECK(error == "cannot open '/nonexistent/dir/x.batonc': No such file or directory");

  const std::string path = "bytecode_io_test.batonc";
  const Bytes bytes = write_image(testing::sample_image());
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  const auto program = Program::load_file(path, error);
  CHECK(program);
  {
    std::ofstream out(path, std::ios::binary);
    out << "sla \"x\" version \"1\"\n";
  }
  CHECK_FALSE(Program::load_file(path, error));
  CHECK(error == path + ": not a baton bytecode file (bad magic)");
  std::remove(path.c_str());
}

TEST_CASE("StringSet") {
  const StringSet set({"gmail.com", "yahoo.com", "", "gmail.com", "ÿ€"});
  CHECK(set.size() == 4);
  CHECK(set.contains("gmail.com"));
  CHECK(set.contains(""));
  CHECK(set.contains("ÿ€"));
  CHECK_FALSE(set.contains("gmail.co"));
  CHECK_FALSE(set.contains("gmail.com "));
  const StringSet empty({});
  CHECK_FALSE(empty.contains(""));
  CHECK_FALSE(empty.contains("x"));

  std::vector<std::string> many;
  for (int i = 0; i < 5000; ++i) many.push_back("item" + std::to_string(i));
  const StringSet big(many);
  CHECK(big.size() == 5000);
  for (const auto& s : many) REQUIRE(big.contains(s));
  CHECK_FALSE(big.contains("item5000"));
}

TEST_CASE("the disassembler renders operands by kind") {
  std::string error;
  const auto program = Program::from_image(testing::sample_image(), error);
  REQUIRE(program);
  const std::string listing = disassemble(*program);
  const char* expected[] = {
      "; sla \"northwind\" version \"2026.11.2\"",
      "r3    budget: number?",
      "r5    tags: set<string>? = {\"new\"}",
      "r4    is_customer: bool = false",
      "field 0  at: time",
      "set    K0   {\"gmail.com\", \"yahoo.com\", \"outlook.com\"} (3 items)",
      "regex  K0   /\\b(vp|head|director|chief)\\b/i",
      "fn #1   concat(string, string) -> string",
      "agg #0   score_per(page_view) -> number, where chunk 1, within 90d, +10 points, half_life 21d, max 50, rule #3",
      "agg #2   last(page_view.url) -> string",
      "score #1   engagement in r11 min 0 max 100",
      "route #0   sql within 4h  ; line 27",
      "domain = r6:string",
      "0  call         r6:string, fn lower, (r0:string)  ; line 10",
      "load_str     r26:string, K\"/pricing\"",
      "in_const_set r7:bool, r6:string, K{\"gmail.com\"",
      "matches      r7:bool, r1:string, K/\\b(vp|head|director|chief)\\b/i",
      "aggregate    r20:number, agg #0 score_per(page_view)",
      "set_stage    stage customer",
      "route_try    r7:bool, route #0 (sql)",
      "load_bool    r23:bool, 1",
      "chunk 1 predicate over page_view [54, 58)",
      "load_event   r13:string, field url",
      "clamp_score  r10:number, score fit",
      "rule_when    r10:number, r7:bool, rule #1 (fit +15)",
      "rule_add     r11:number, r20:number, rule #3 (engagement +10)",
  };
  for (const std::string text : expected) {
    INFO(text);
    CHECK(listing.find(text) != std::string::npos);
  }
  CHECK(listing.find("jump_ifnot   r7:bool, ->9") != std::string::npos);

  std::string source;
  for (int i = 1; i <= 30; ++i) source += "source line " + std::to_string(i) + "\n";
  const std::string with_source = disassemble(*program, &source);
  CHECK(with_source.find("(r0:string)  ; 10 | source line 10") != std::string::npos);
  CHECK(with_source.find("route #0   sql within 4h  ; 27 | source line 27") != std::string::npos);
  CHECK(with_source.find("    53  halt  ; 28 | source line 28\n") != std::string::npos);
}

TEST_CASE("load_file on a directory names the path and the reason") {
  std::string error;
  CHECK_FALSE(Program::load_file(".", error));
  CHECK(error == "cannot read '.': Is a directory");
}

TEST_CASE("format 5: the order table is written only when an aggregate uses it, and survives the round trip") {
  ProgramImage image = testing::sample_image();
  const Bytes plain = write_image(image);
  AggregateInfo part = image.aggregates[1];
  part.event = 0;
  image.aggregates.push_back(part);
  image.aggregates[1].next = 3;
  const Bytes grouped = write_image(image);
  // One more 42-byte entry, then 14 bytes (next, other, gap, calendar) for each of the four.
  CHECK(grouped.size() == plain.size() + 42 + 4 * 14);
  ProgramImage back;
  std::string error;
  REQUIRE(read_image(grouped, back, error));
  CHECK(back.aggregates[1].next == 3);
  CHECK(back.aggregates[3].next == bc::kNone);
  CHECK(back.aggregates[0].gap == -1);
  CHECK(write_image(back) == grouped);
  ProgramImage again;
  REQUIRE(read_image(plain, again, error));
  for (const AggregateInfo& a : again.aggregates) CHECK_FALSE(a.uses_v5());
}

namespace {
// The listing of an SLA without its fingerprint line: what is left must tell
// any two programs that decide differently apart.
std::string listing_without_fingerprint(const std::string& text) {
  Diagnostics diagnostics;
  Compilation compiled = compile(SourceFile("tables.baton", text), diagnostics);
  for (const auto& d : diagnostics) INFO(d.message);
  REQUIRE(compiled.program);
  std::string listing = disassemble(*compiled.program);
  const auto at = listing.find("; fingerprint ");
  REQUIRE(at != std::string::npos);
  return listing.erase(at, listing.find('\n', at) - at);
}
}  // namespace

TEST_CASE("the disassembler lists every table that decides: lifecycle, hand-offs, calendars, cadences") {
  std::ifstream in(std::string(BATON_SOURCE_DIR) + "/tests/golden/disasm-tables.baton");
  const std::string base{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  REQUIRE_FALSE(base.empty());
  const std::string base_listing = listing_without_fingerprint(base);
  // Each change keeps the lines where they are, so only the tables can tell them apart.
  const std::pair<const char*, const char*> changes[] = {
      {"  recycled -> mql\n", "  recycled -> lead\n"},                    // a lifecycle move
      {"sql -> recycled when present(returned_at)", "sql -> recycled"},  // a move's condition
      {"reasons 2", "reasons 3"},                                        // a hand-off's reasons
      {"fit {fit:.0f}", "fit {fit:.1f}"},                                // a summary's number format
      {"fri 09:00-14:00", "fri 09:00-15:00"},                            // a calendar's hours
      {"2026-12-31", "2026-12-30"},                                      // a holiday
      {"after 8h on emea", "after 8h"},                                  // a cadence step's clock
      {"decayed_count(page_view, 7d)", "decayed_count(page_view, 14d)"}, // a decayed aggregate's half-life
      {"\"o9.example\"}", "\"o0.example\"}"},                            // the last item of a long set
  };
  for (const auto& [from, to] : changes) {
    INFO(std::string(from) << " => " << to);
    std::string changed = base;
    const auto at = changed.find(from);
    REQUIRE(at != std::string::npos);
    changed.replace(at, std::strlen(from), to);
    CHECK(listing_without_fingerprint(changed) != base_listing);
  }
}
