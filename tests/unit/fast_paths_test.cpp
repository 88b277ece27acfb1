// The evaluator's shortcuts must not change a single result: event passes
// with truth-table filters (compared with the plain path on thousands of
// generated leads), and remembered regex results.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"
#include "../support/test_files.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/record.hpp"
#include "comparisons.hpp"
#include "filter_table.hpp"
#include "bytecode_sample_image.hpp"
#include "record_schema.hpp"

using namespace baton;

namespace {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

std::shared_ptr<const Program> build(const std::string& text) { return testing::compile_text(text, "fast.baton"); }

const char* kSla = R"(sla "fast" version "1"
lead { title: string? }
export let senior = title matches /\b(vp|head|director)\b/i
stages { lead otherwise }
)";

// Filters of every shape the truth tables handle, over optional fields, next
// to filters that must run through the VM (a lead field, a call, `??` of
// strings, arithmetic).
const char* kPassesSla = R"(sla "passes" version "1"
lead { title: string?, home: string? }
event visit { url: string?, ok: bool?, n: int?, x: number?, tag: string? }
event click { campaign: string }
const prefixes = {"/a", "/b"}
const tags = ["red", "green"]
const pattern = /^\/(a|c)\d/
export let e01 = count(visit where url starts_with "/a")
export let e02 = count(visit where not (url starts_with "/a" or url starts_with "/b" or url ends_with "x"))
export let e03 = count(visit where ok and n > 2 within 10d)
export let e04 = count(visit where (not ok) or x <= 1.5)
export let e05 = sum(visit.n where tag in tags within 20d)
export let e06 = avg(visit.x where url contains "b")
export let e07 = min(visit.n where present(tag))
export let e08 = max(visit.x where not present(url))
export let e09 = distinct(visit.url where url matches pattern)
export let e10 = streak(visit where ok == false)
export let e11 = first(visit where n >= 3).url
export let e12 = last(visit where url != "/a1").at
export let e13 = all(visit where tag not in tags within 15d)
export let e14 = any(visit where url in prefixes)
export let e15 = none(click where campaign == "spring")
export let e16 = decayed_count(visit, 7d where url starts_with "/b")
export let e17 = decayed_sum(visit.x, 5d where ok)
export let e18 = count(visit where at > 2026-11-20)
export let e19 = count(visit where n between 1 and 3 and not (tag == "red"))
export let e20 = count(visit where url starts_with lead.home)
export let e21 = count(visit where (url ?? "/none") starts_with "/n")
export let e22 = count(visit where lower(url ?? "") == "/a1")
export let e23 = count(visit where n + 1 > 3)
export let e24 = count(click within 3d)
score s window 30d decay half_life 10d {
  +2 per visit where url starts_with "/a" max 9
  -1 per visit where not ok
  +3 per click
  +1 per visit where url starts_with lead.home
}
stages { lead otherwise }
)";

// Few enough leaf tests per event type (at most five) that one table gives
// every member's filter at once, with inline tests for string and bool
// fields, and members of different age limits.
const char* kSmallPassesSla = R"(sla "small-passes" version "1"
lead { home: string? }
event visit { url: string?, ok: bool?, n: int?, x: number?, tag: string? }
event click { campaign: string }
export let p1 = count(visit where url starts_with "/a" within 10d)
export let p2 = count(visit where not (url starts_with "/a" or tag == "red"))
export let p3 = all(visit where ok within 15d)
export let p4 = sum(visit.n where tag != "blue" within 20d)
export let p5 = last(visit where ok == false).url
export let p6 = decayed_count(visit, 7d where url starts_with "/a")
export let p7 = count(click where campaign == "spring")
export let p8 = streak(visit within 12d)
score s window 30d decay half_life 10d {
  +2 per visit where url starts_with "/a" max 9
  -1 per visit where not ok
  +1 per visit where tag == "red" within 5d
  +3 per click
}
stages { lead otherwise }
)";

// Event groups and order clauses (docs/language.md, "Event groups and
// order"): each part of a group is fused or runs alone as its filter allows;
// `after` parts and the SELECT entries of order clauses always run alone.
const char* kOrderSla = R"(sla "order" version "1"
lead { home: string? }
event visit { url: string?, ok: bool?, n: int?, x: number?, tag: string? }
event click { campaign: string, url: string?, tag: string? }
event both = visit | click
event clicks_then_visits = click | visit
calendar berlin "Europe/Berlin" { mon-fri 09:00-17:00 }
export let o01 = count(both where url starts_with "/a" within 20d)
export let o02 = first(both where tag == "red").at
export let o03 = last(clicks_then_visits).tag
export let o04 = distinct(both.tag within 10d)
export let o05 = streak(both where tag != "blue")
export let o06 = all(both where url != "/n" within 15d)
export let o07 = position(visit where url starts_with "/b" among both)
export let o08 = position(click where campaign == "spring" among visit within 20d)
export let o09 = count(click within 2d after visit where url starts_with "/a")
export let o10 = any(visit where ok after click)
export let o11 = first(both within 1d after visit where n >= 3).at
export let o12 = distinct_days(visit where ok)
export let o13 = distinct_days(both, berlin within 25d)
export let o14 = count(both where url starts_with lead.home)
export let o15 = none(both where tag == "green" and url starts_with "/a")
export let o16 = sum(visit.n within 3d after both where tag == "red")
export let o17 = max(both.at where tag in ["red", "blue"])
stages { lead otherwise }
)";

// The same with at most five leaf tests per event type: one table answers
// every member's filter, group parts included.
const char* kSmallOrderSla = R"(sla "small-order" version "1"
lead { home: string? }
event visit { url: string?, ok: bool?, n: int?, x: number?, tag: string? }
event click { campaign: string, url: string?, tag: string? }
event both = visit | click
export let q1 = count(both where url starts_with "/a" within 10d)
export let q2 = last(both where tag == "red").url
export let q3 = position(visit where ok among both within 20d)
export let q4 = distinct_days(both where tag != "blue")
export let q5 = all(both where url starts_with "/b" within 15d)
export let q6 = first(both within 5d).at
stages { lead otherwise }
)";

// A deterministic generator of leads with every field sometimes absent or null.
class LeadMaker {
 public:
  std::string next() {
    std::string lead = R"({"id":")" + std::to_string(++id_) + '"';
    if (pick(3) != 0) lead += R"(,"home":")" + std::string(pick(2) ? "/a" : "/b") + '"';
    lead += R"(,"events":[)";
    int visits = pick(13), clicks = pick(4);
    for (int i = 0; i < visits + clicks; ++i) {
      if (i > 0) lead += ',';
      int day = 23 - pick(40) + (pick(15) == 0 ? 2 : 0);  // some events after as_of
      lead += R"({"type":")" + std::string(i < visits ? "visit" : "click") + R"(","at":")" + date(day) + '"';
      if (i < visits) {
        static const char* urls[] = {"/a1", "/a", "/b2", "/bx", "/c3", "", "/n", "/A1", "/none"};
        static const char* tags[] = {"red", "green", "blue"};
        static const char* xs[] = {"0.5", "1.5", "2.5", "-1"};
        field(lead, "url", '"' + std::string(urls[pick(9)]) + '"');
        field(lead, "ok", pick(2) ? "true" : "false");
        field(lead, "n", std::to_string(pick(6)));
        field(lead, "x", xs[pick(4)]);
        field(lead, "tag", '"' + std::string(tags[pick(3)]) + '"');
      } else {
        lead += std::string(R"(,"campaign":")") + (pick(2) ? "spring" : "fall") + '"';
      }
      lead += '}';
    }
    return lead + "]}";
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15u;
  int id_ = 0;
  int pick(int n) {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return static_cast<int>((state_ >> 33) % static_cast<std::uint64_t>(n));
  }
  void field(std::string& lead, const char* name, const std::string& value) {
    int how = pick(5);  // absent, null, or a value
    if (how == 0) return;
    lead += std::string(",\"") + name + "\":" + (how == 1 ? std::string("null") : value);
  }
  static std::string date(int day) {
    // Days of November 2026, and of October for day <= 0.
    int month = day > 0 ? 11 : 10;
    int d = day > 0 ? day : 31 + day;
    char text[32];
    std::snprintf(text, sizeof text, "2026-%02d-%02dT%02d:00:00Z", month, d, ((day * 7 + 30) % 24 + 24) % 24);
    return text;
  }
};

bool same_value(Type type, const Value& a, const Value& b) {
  if (a.missing || b.missing) return a.missing == b.missing;
  switch (type) {
    case Type::number: return a.n == b.n;
    case Type::boolean: return a.b == b.b;
    case Type::string: return a.str() == b.str();
    default: return a.i == b.i;
  }
}

void compare_paths(const char* sla, std::size_t expect_alone) {
  auto program = build(sla);
  const auto& image = program->image();
  RecordDecoder decoder(program);
  Evaluator fused(program);
  Evaluator plain(program, EvaluatorOptions{.event_passes = false});
  CHECK(plain.fused_aggregates() == 0);
  CHECK(fused.fused_aggregates() == image.aggregates.size() - expect_alone);

  LeadMaker maker;
  Record record;
  int nonzero = 0;
  for (int lead = 0; lead < 3000; ++lead) {
    std::string text = maker.next();
    DecodeError error;
    INFO(text);
    INFO(error.message);
    REQUIRE(decoder.decode(text, record, error));
    const Decision& a = fused.evaluate(record, kAsOf, true);
    const Decision& b = plain.evaluate(record, kAsOf, true);
    for (std::size_t e = 0; e < image.exports.size(); ++e) {
      INFO("export ", image.exports[e].name);
      CHECK(same_value(image.registers[image.exports[e].reg], a.exports[e], b.exports[e]));
    }
    CHECK(a.scores == b.scores);
    REQUIRE(a.trace->rules.size() == b.trace->rules.size());
    for (std::size_t r = 0; r < a.trace->rules.size(); ++r) {
      const RuleHit& x = a.trace->rules[r];
      const RuleHit& y = b.trace->rules[r];
      CHECK((x.rule == y.rule && x.raw == y.raw && x.decayed == y.decayed && x.value == y.value && x.events == y.events));
    }
    if (a.exports[0].i != 0) ++nonzero;
    // Without explain, reads of `per` rules take a shorter path: same scores.
    std::vector<double> explained = a.scores;
    CHECK(fused.evaluate(record, kAsOf, false).scores == explained);
    CHECK(plain.evaluate(record, kAsOf, false).scores == explained);
  }
  CHECK(nonzero > 300);  // the generator does reach the filters
}

}  // namespace

TEST_CASE("event passes with truth-table filters give the results of the plain path, missing fields included") {
  // The filters that read a lead field, call a function returning a
  // string, take `??` of strings or compute run alone (and the `per` rule
  // reading lead.home); the rest share one pass per event type.
  SUBCASE("many leaf tests: one table per filter") { compare_paths(kPassesSla, 5); }
  SUBCASE("few leaf tests: one table per event type") { compare_paths(kSmallPassesSla, 0); }
}

TEST_CASE("event groups and order clauses: the same results on every path, and what a direct count gives") {
  // Alone: o14's parts (a lead field in the filter), the `after` parts of
  // o09, o10, o11 (2) and o16, and the SELECT entries (o07: 2, o08: 1, o09: 1,
  // o10: 1, o11: 1, o16: 2).
  SUBCASE("many leaf tests") { compare_paths(kOrderSla, 2 + 5 + 8); }
  SUBCASE("few leaf tests: one table per event type") { compare_paths(kSmallOrderSla, 2); }

  auto program = build(kOrderSla);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  LeadMaker maker;
  Record record;
  constexpr std::int64_t kDay = 86400;
  auto starts = [](const Value& v, std::string_view p) { return !v.missing && v.str().starts_with(p); };
  int positions = 0, follows = 0;
  for (int lead = 0; lead < 2000; ++lead) {
    std::string text = maker.next();
    DecodeError error;
    REQUIRE(decoder.decode(text, record, error));
    const Decision& d = evaluator.evaluate(record, kAsOf);
    INFO(text);
    const EventRows& visits = record.events[0];  // at, url, ok, n, x, tag
    const EventRows& clicks = record.events[1];  // at, campaign, url, tag
    auto seen = [](const Value* e) { return kAsOf - e[0].i >= 0; };
    // o01: both types' events, url from each type's own column.
    std::int64_t o01 = 0;
    for (std::uint32_t i = 0; i < visits.count; ++i)
      o01 += seen(visits.row(i)) && kAsOf - visits.row(i)[0].i <= 20 * kDay && starts(visits.row(i)[1], "/a");
    for (std::uint32_t i = 0; i < clicks.count; ++i)
      o01 += seen(clicks.row(i)) && kAsOf - clicks.row(i)[0].i <= 20 * kDay && starts(clicks.row(i)[2], "/a");
    CHECK(d.exports[0].i == o01);
    // o07: the earliest /b visit's rank among all events.
    std::int64_t target = INT64_MAX;
    for (std::uint32_t i = 0; i < visits.count; ++i)
      if (seen(visits.row(i)) && starts(visits.row(i)[1], "/b")) target = std::min(target, visits.row(i)[0].i);
    if (target == INT64_MAX) {
      CHECK(d.exports[6].missing);
    } else {
      std::int64_t before = 0;
      for (const EventRows* rows : {&visits, &clicks})
        for (std::uint32_t i = 0; i < rows->count; ++i) before += seen(rows->row(i)) && rows->row(i)[0].i < target;
      CHECK(d.exports[6].i == before + 1);
      positions += before > 0;
    }
    // o09: clicks at most 2 days after a /a visit (strictly later).
    std::int64_t o09 = 0;
    for (std::uint32_t c = 0; c < clicks.count; ++c) {
      const Value* click = clicks.row(c);
      bool after = false;
      for (std::uint32_t v = 0; v < visits.count; ++v) {
        const Value* visit = visits.row(v);
        std::int64_t gap = click[0].i - visit[0].i;
        after |= seen(visit) && starts(visit[1], "/a") && gap > 0 && gap <= 2 * kDay;
      }
      o09 += seen(click) && after;
    }
    CHECK(d.exports[8].i == o09);
    follows += o09 > 0;
    // o12: UTC days with an ok visit.
    std::vector<std::int64_t> days;
    for (std::uint32_t i = 0; i < visits.count; ++i) {
      const Value* visit = visits.row(i);
      if (seen(visit) && !visit[2].missing && visit[2].b) days.push_back(visit[0].i / kDay);
    }
    std::sort(days.begin(), days.end());
    CHECK(d.exports[11].i == std::unique(days.begin(), days.end()) - days.begin());
  }
  CHECK(positions > 200);  // the generator reaches the interesting cases
  CHECK(follows > 50);
}

TEST_CASE("remembered regex results stay right as texts alternate and collide") {
  auto program = build(kSla);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  const std::vector<std::pair<std::string, bool>> titles = {
      {"VP Sales", true}, {"Student", false}, {"Head of Growth", true}, {"Engineer", false}, {"", false}};
  // Many distinct texts force slot reuse in the memo; every answer must hold.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2000; ++i) {
      const auto& [title, senior] = titles[static_cast<std::size_t>(i) % titles.size()];
      std::string text = i % 7 == 0 ? title + " " + std::to_string(i) : title;
      bool expected = senior;
      std::string lead = R"({"title":")" + text + R"(","events":[]})";
      DecodeError error;
      REQUIRE(decoder.decode(lead, record, error));
      const Decision& d = evaluator.evaluate(record, kAsOf);
      INFO(text);
      CHECK(d.exports[0].b == expected);
    }
  }
  DecodeError error;
  REQUIRE(decoder.decode(R"({"events":[]})", record, error));
  const Decision& d = evaluator.evaluate(record, kAsOf);
  CHECK_FALSE(d.exports[0].b);  // a missing title never matches
}

// One memo slot holds a text with the results of every regex searched in it;
// regexes past the first 64 are searched every time. Each answer is checked
// against RE2 called directly, as texts repeat, alternate and collide, and
// with the same title tested by many regexes (and by one only twice).
TEST_CASE("remembered regex results: many regexes on one text, and more regexes than the memo keeps") {
  constexpr int kRegexes = 70;
  std::string text = "sla \"many\" version \"1\"\nlead { title: string?, source: string? }\n";
  std::vector<std::string> patterns;
  for (int r = 0; r < kRegexes; ++r) {
    patterns.push_back("w" + std::to_string(r % 10) + (r % 3 == 0 ? "" : "x") + (r % 2 ? "|^a" : "$"));
    text += "export let m" + std::to_string(r) + " = title matches /" + patterns.back() + "/\n";
  }
  text += "export let s0 = source matches /" + patterns[0] + "/\nstages { lead otherwise }\n";
  auto program = build(text);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  std::vector<std::unique_ptr<RE2>> compiled;
  for (const std::string& p : patterns) compiled.push_back(std::make_unique<RE2>(p));
  const char* words[] = {"w1", "w3x", "a w7", "aw0", "w9x w2", "b", "w5xw5", "w0"};
  for (int i = 0; i < 3000; ++i) {
    std::string title = std::string(words[i % 8]) + (i % 5 == 0 ? " " + std::to_string(i % 400) : "");
    std::string source = words[(i * 3) % 8];
    std::string lead = R"({"title":")" + title + R"(","source":")" + source + R"("})";
    DecodeError error;
    REQUIRE(decoder.decode(lead, record, error));
    const Decision& d = evaluator.evaluate(record, kAsOf);
    INFO(title);
    for (int r = 0; r < kRegexes; ++r) {
      INFO("regex ", r, " /", patterns[static_cast<std::size_t>(r)], "/");
      CHECK(d.exports[static_cast<std::size_t>(r)].b == RE2::PartialMatch(title, *compiled[static_cast<std::size_t>(r)]));
    }
    CHECK(d.exports[kRegexes].b == RE2::PartialMatch(source, *compiled[0]));
  }
}

TEST_CASE("inline string compares agree with std::string_view at every length and mismatch position") {
  for (std::size_t length = 0; length <= 20; ++length) {
    std::string base(length, 'a');
    for (std::size_t i = 0; i < length; ++i) base[i] = static_cast<char>('a' + i % 26);
    for (std::size_t at = 0; at <= length; ++at) {
      std::string other = base;
      if (at < length) other[at] = '#';  // at == length: equal strings
      for (std::size_t cut = 0; cut <= length; ++cut) {
        std::string prefix = other.substr(0, cut), suffix = other.substr(length - cut);
        Value text = Value::of_string(base), p = Value::of_string(prefix), q = Value::of_string(suffix);
        Value same = Value::of_string(other);
        INFO("length ", length, " mismatch at ", at, " cut ", cut);
        CHECK(str_starts_with(text, p) == std::string_view(base).starts_with(prefix));
        CHECK(str_ends_with(text, q) == std::string_view(base).ends_with(suffix));
        CHECK(str_eq(text, same) == (base == other));
      }
    }
  }
}

TEST_CASE("a very long filter keeps the plain path, a long one with few leaf tests gets a table") {
  // The same leaf test repeated: one leaf, but a chunk of ~4 instructions per term.
  auto chain = [](int terms) {
    std::string text = "url == \"/a1\"";
    for (int i = 1; i < terms; ++i) text += " or url == \"/a1\"";
    return text;
  };
  std::string sla = "sla \"long\" version \"1\"\nevent visit { url: string?, ok: bool?, n: int?, x: number?, tag: string? }\n"
                    "event click { campaign: string }\n"
                    "export let short_chain = count(visit where " + chain(20) + ")\n"
                    "export let long_chain = count(visit where " + chain(60) + ")\n"
                    "export let plain = count(visit where url == \"/a1\")\n"
                    "stages { lead otherwise }\n";
  auto program = build(sla);
  const auto& image = program->image();
  REQUIRE(image.chunks[2].end - image.chunks[2].begin > FilterTable::kMaxChunkLength);
  REQUIRE(image.chunks[1].end - image.chunks[1].begin <= FilterTable::kMaxChunkLength);
  Evaluator fused(program);
  CHECK(fused.fused_aggregates() == 2);  // short_chain and plain
  RecordDecoder decoder(program);
  LeadMaker maker;
  Record record;
  for (int lead = 0; lead < 300; ++lead) {
    std::string text = maker.next();
    DecodeError error;
    REQUIRE(decoder.decode(text, record, error));
    const Decision& d = fused.evaluate(record, kAsOf);
    INFO(text);
    CHECK(d.exports[0].i == d.exports[2].i);
    CHECK(d.exports[1].i == d.exports[2].i);
  }
}

// Record decoding looks every member name and event type up in a NameIndex:
// a perfect hash on the length and first, middle and last bytes when the
// declared names differ there, else a scan or an open-addressing table. Each
// form must find exactly the declared names, the first of a repeated one.
TEST_CASE("name tables find every declared name and nothing else, with or without the perfect hash") {
  auto check_all = [](const std::vector<std::string_view>& names, const decode::NameIndex& index) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      INFO(names[i]);
      const auto first = static_cast<int>(std::find(names.begin(), names.end(), names[i]) - names.begin());
      CHECK(index.find(names[i]) == first);
      // The guess right (with a repeated name, a guess at a later copy is taken:
      // schemas never repeat a name, the compiler rejects that).
      CHECK(names[static_cast<std::size_t>(index.find(names[i], i))] == names[i]);
      CHECK(index.find(names[i], (i + 1) % names.size()) == first);  // the guess wrong
      CHECK(index.find(names[i], names.size() + 3) == first);        // no guess
      // Same length, first, middle and last byte (the perfect hash's key), other text.
      if (names[i].size() >= 4) {
        std::string other(names[i]);
        other[1] = other[1] == 'q' ? 'Q' : 'q';
        if (std::find(names.begin(), names.end(), other) == names.end()) CHECK(index.find(other) == -1);
      }
      CHECK(index.find(std::string(names[i]) + "s") == -1);
      CHECK(index.find(names[i].substr(0, names[i].size() - 1)) == -1);
    }
    CHECK(index.find("") == -1);
    CHECK(index.find("no_such_name_at_all") == -1);
  };

  // The bench SLA's event types: told apart by the perfect hash.
  const std::vector<std::string_view> types = {"page_view",  "content_download", "webinar",      "email_click",
                                               "email_open", "email_unsubscribe", "form_submit", "trial_signup",
                                               "demo_request", "meeting_booked"};
  decode::NameIndex index;
  index.build(types);
  CHECK(index.perfect());
  check_all(types, index);

  // Two names with the same key ("abcde", "axcye": length 5, 'a', 'c', 'e')
  // cannot be told apart by it: a scan for few names, a table for more.
  const std::vector<std::string_view> colliding = {"abcde", "axcye", "at", "url"};
  index.build(colliding);
  CHECK_FALSE(index.perfect());
  check_all(colliding, index);
  const std::vector<std::string_view> many = {"abcde", "axcye", "at", "url", "campaign", "asset", "kind", "name",
                                              "attended", "form", "plan", "source", "owner"};
  index.build(many);
  CHECK_FALSE(index.perfect());
  check_all(many, index);

  // A repeated name: the first declaration, in every form (without a guess).
  const std::vector<std::string_view> repeated = {"x", "y", "x", "z"};
  index.build(repeated);
  CHECK(index.perfect());
  check_all(repeated, index);
  CHECK(index.find("x") == 0);

  // Longer than 255 bytes: the length byte wraps, the text decides.
  const std::string long_a(300, 'a'), long_b = std::string(44, 'a');
  const std::vector<std::string_view> long_names = {long_a, long_b, "a"};
  index.build(long_names);
  check_all(long_names, index);

  decode::NameIndex empty;
  empty.build({});
  CHECK(empty.find("x") == -1);
  CHECK(empty.find("") == -1);
}

TEST_CASE("event types: exact names through the table, other letter cases only with event_types_ignore_case") {
  ProgramImage image;
  auto at = testing::sample_field("at", Type::time);
  image.events = {EventInfo{"page_view", {at}}, EventInfo{"Email_Click", {at}}, EventInfo{"demo_request", {at}}};
  const decode::Schema exact(image, false), folded(image, true);
  for (const decode::Schema* schema : {&exact, &folded}) {
    CHECK(schema->event_type("page_view") == 0);
    CHECK(schema->event_type("Email_Click") == 1);
    CHECK(schema->event_type("demo_request") == 2);
    CHECK(schema->event_type("page_views") == -1);
    CHECK(schema->event_type("") == -1);
  }
  CHECK(exact.event_type("PAGE_VIEW") == -1);
  CHECK(exact.event_type("email_click") == -1);
  CHECK(folded.event_type("PAGE_VIEW") == 0);
  CHECK(folded.event_type("email_click") == 1);
  CHECK(folded.event_type("EMAIL_CLICK") == 1);
  CHECK(folded.event_type("Demo_Request") == 2);
  CHECK(folded.event_type("Demo_Requests") == -1);
}

// Superinstructions (runtime/src/superinstructions.hpp) against one dispatch
// per instruction: every example SLA on its leads, the whole decision line
// and the whole explanation, lifecycle, routes, deadlines and hand-offs
// included, explain on and off, and evaluated twice in a row (the second
// run starts from the registers the first left).
TEST_CASE("superinstructions give the decisions and explanations of one dispatch per instruction") {
  std::size_t leads = 0;
  for (const auto& sla : testing::example_slas()) {
    const auto leads_path = sla.parent_path() / (sla.stem().string() + "-leads.jsonl");
    if (!std::filesystem::exists(leads_path)) continue;
    INFO(sla.string());
    auto program = testing::compile_text(testing::read_text(sla), sla.filename().string());
    REQUIRE(program);
    RecordDecoder decoder(program);
    Evaluator fused(program), single(program, EvaluatorOptions{.superinstructions = false});
    CHECK(single.fused_pairs() == 0);
    CHECK(fused.fused_pairs() > 5);
    for (const std::string& line : testing::lines_of(testing::read_text(leads_path))) {
      Record record;
      DecodeError error;
      if (!decoder.decode(line, record, error)) continue;
      INFO(line);
      ++leads;
      for (int round = 0; round < 2; ++round)
        for (bool explain : {false, true}) {
          std::string a, b;
          append_decision_json(*program, record, fused.evaluate(record, kAsOf, explain), a);
          append_decision_json(*program, record, single.evaluate(record, kAsOf, explain), b);
          CHECK(a == b);
          if (!explain) continue;
          a.clear(), b.clear();
          append_explain_json(*program, record, fused.evaluate(record, kAsOf, true), a);
          append_explain_json(*program, record, single.evaluate(record, kAsOf, true), b);
          CHECK(a == b);
        }
    }
  }
  CHECK(leads > 20);
}
