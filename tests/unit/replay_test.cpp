// The replay walk (runtime/src/replay.cpp): each point is given only the
// events it can see, and decides exactly as when given the whole record.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../support/compile_text.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/record.hpp"
#include "baton/runtime/replay.hpp"
#include "test_files.hpp"

using namespace baton;

namespace {

const std::int64_t kAsOf = *parse_time("2026-11-23T00:00:00Z");

// Every kind of event reader: windows of several lengths, decay, a group,
// `after`, `position`, days, reads without a window, a type no aggregate
// reads; a lifecycle with a conditional move, a stage (`won`) with no move
// out of it and one (`hot`) left only by an `any` move.
const char* kMix = R"(sla "replay-mix" version "1"

lead {
  email: string
  current_stage: string?
  current_stage_since: time?
}

event view { url: string, n: int }
event mail { tag: string? }
event call {}
event note {}
event buy { amount: number }
event touches = view | mail

export let first_view = first(view within 3d).at
let first_mail = first(mail).at
let last_tag = last(mail within 6h).tag
let recent = count(touches within 12h)
let calls = count(call within 90m)
let followed = any(buy within 2h after mail where tag == "t2")
let place = position(mail among touches within 1d)
let days = distinct_days(view where url == "/p" within 3d)
let spent = sum(buy.amount within 1d)
let weighted = decayed_sum(buy.amount, 12h)
let steady = all(view where n > 0 within 4h)
let stop = count(mail where tag == "stop" within 1d) >= 1

score heat max 40 window 2d decay half_life 1d {
  +3 per view where url starts_with "/p" max 20
  +1 per mail max 5
  -2 per buy max 6
  +4 when steady
}
export let total = heat + weighted
export let label = last_tag ?? "none"

stages {
  won  when followed and place <= 3 and spent > 50
  dead when stop and first_mail < now - 1d
  hot  when heat >= 10 or (days >= 2 and present(first_view))
  warm when recent >= 3 or calls >= 2
  cold otherwise
}

lifecycle {
  cold -> warm -> hot
  warm -> cold
  cold -> dead
  warm -> dead
  dead -> cold when heat > 8
  any -> won
}

handoff hot {
  summary "{label}: heat {heat:.3f}, total {total}"
  fields total, spent, first_view
  reasons 2
}
)";

// A lead of up to 60 events in the four days before as_of and a few after
// it, on a 30-minute grid so that some share a time; one lead in three lists
// them out of time order.
std::string random_lead(std::mt19937& rng, int index) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  struct Event {
    std::int64_t at;
    std::string json;
  };
  std::vector<Event> events(static_cast<std::size_t>(pick(61)));
  const char* urls[] = {"/p", "/pricing", "/docs", "/q"};
  for (Event& e : events) {
    e.at = pick(10) == 0 ? kAsOf + 1800 * (1 + pick(48)) : kAsOf - 1800 * pick(4 * 48);
    std::string at = fmt::format("\"at\":\"{}\"", format_time(e.at));
    switch (pick(6)) {
      case 0:
      case 1: e.json = fmt::format("{{\"type\":\"view\",{},\"url\":\"{}\",\"n\":{}}}", at, urls[pick(4)], pick(5) - 1); break;
      case 2: {
        const int tag = pick(8);
        e.json = tag == 0   ? fmt::format("{{\"type\":\"mail\",{}}}", at)
                 : tag == 1 ? fmt::format("{{\"type\":\"mail\",{},\"tag\":\"stop\"}}", at)
                            : fmt::format("{{\"type\":\"mail\",{},\"tag\":\"t{}\"}}", at, tag);
        break;
      }
      case 3: e.json = fmt::format("{{\"type\":\"call\",{}}}", at); break;
      case 4: e.json = fmt::format("{{\"type\":\"note\",{}}}", at); break;
      default: e.json = fmt::format("{{\"type\":\"buy\",{},\"amount\":{}.{}}}", at, 10 + pick(70), pick(1000)); break;
    }
  }
  if (pick(3) != 0) std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  std::string line = fmt::format("{{\"id\":\"R{}\",\"email\":\"r{}@x.example\",\"events\":[", index, index);
  for (std::size_t i = 0; i < events.size(); ++i) line += (i ? "," : "") + events[i].json;
  return line + "]}";
}

// The walk as it was first written: every point evaluates the whole record.
struct Walk {
  std::vector<ReplayStep> steps;
  std::string last;  // the decision at as_of, as `baton score` writes it
};
Walk reference_walk(const Program& program, Evaluator& evaluator, Record& record, std::int64_t as_of,
                    ReplayOptions options) {
  const ProgramImage& image = program.image();
  const LifecycleInfo& lc = image.lifecycle;
  std::vector<std::int64_t> times;
  for (const EventRows& rows : record.events)
    for (std::uint32_t i = 0; i < rows.count; ++i)
      if (rows.row(i)[0].i <= as_of) times.push_back(rows.row(i)[0].i);
  std::sort(times.begin(), times.end());
  if (options.daily && !times.empty())
    for (std::int64_t m = (times.front() / 86400 + 1) * 86400; m < as_of; m += 86400) times.push_back(m);
  times.push_back(as_of);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (lc.present) {
    record.fields[lc.current_field] = Value::absent();
    record.fields[lc.since_field] = Value::absent();
  }
  Walk walk;
  const Decision* d = nullptr;
  int stage = -1;
  for (std::int64_t t : times) {
    d = &evaluator.evaluate(record, t);
    if (d->stage < 0 || d->stage == stage) continue;
    if (options.arms) d = &evaluator.evaluate(record, t, true);
    int arm = -1;
    if (options.arms) {
      std::size_t next = 0;
      for (const ArmTry& a : d->trace->stages) {
        if (a.matched) {
          arm = a.arm;
          break;
        }
        next = a.arm + 1u;
      }
      for (std::size_t i = next; arm < 0 && i < image.stage_arms.size(); ++i)
        if (image.stage_arms[i].stage == d->rules_stage) arm = static_cast<int>(i);
    }
    ReplayStep step{t, d->stage, stage, arm, {}};
    if (d->handoff >= 0) append_handoff_object_json(program, *d, step.handoff_json);
    walk.steps.push_back(step);
    stage = d->stage;
    if (lc.present) {
      record.fields[lc.current_field] = Value::of_string(image.stages[stage].name);
      record.fields[lc.since_field] = Value::of_int(t);
    }
  }
  append_decision_json(program, record, *d, walk.last);
  return walk;
}

// Replays `line` both ways and compares everything the walk gives; returns
// the steps.
std::vector<ReplayStep> check_same_walk(const std::shared_ptr<const Program>& program, const std::string& line, ReplayOptions options) {
  DecodeOptions decode;
  decode.check_current_stage = false;
  RecordDecoder decoder(program, decode);
  Record mine, theirs;
  DecodeError error;
  REQUIRE(decoder.decode(line, mine, error));
  REQUIRE(decoder.decode(line, theirs, error));
  Evaluator evaluator(program);
  Replayer replayer(program, options);
  const Walk expected = reference_walk(*program, evaluator, theirs, kAsOf, options);
  const std::vector<ReplayStep>& steps = replayer.replay(mine, kAsOf);
  INFO(line.substr(0, 400));
  REQUIRE(steps.size() == expected.steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CHECK(steps[i].at == expected.steps[i].at);
    CHECK(steps[i].stage == expected.steps[i].stage);
    CHECK(steps[i].previous_stage == expected.steps[i].previous_stage);
    CHECK(steps[i].arm == expected.steps[i].arm);
    CHECK(steps[i].handoff_json == expected.steps[i].handoff_json);
  }
  std::string last;
  append_decision_json(*program, mine, replayer.last_decision(), last);
  CHECK(last == expected.last);
  // The walk leaves the stage it reached, and since when, in the record.
  const LifecycleInfo& lc = program->image().lifecycle;
  if (lc.present) {
    const Value &stage = mine.fields[lc.current_field], &since = mine.fields[lc.since_field];
    CHECK(stage.missing == theirs.fields[lc.current_field].missing);
    CHECK(stage.str() == theirs.fields[lc.current_field].str());
    CHECK(since.missing == theirs.fields[lc.since_field].missing);
    CHECK(since.i == theirs.fields[lc.since_field].i);
  }
  return steps;
}

// The mix without its lifecycle: every stage the rules say is entered.
std::string without_lifecycle(std::string text) {
  const auto begin = text.find("lifecycle {");
  const auto end = text.find("}\n", begin);
  return text.erase(begin, end + 2 - begin);
}

// Events 10 minutes apart, the URLs taking turns, ending an hour before
// as_of; `fields` is added to each.
std::string long_lead(int events, const std::vector<std::string>& urls, const std::string& fields = "") {
  std::string line = R"({"id":"LONG","email":"l@x.example","events":[)";
  const std::int64_t start = kAsOf - 3600 - std::int64_t{600} * events;
  for (int i = 0; i < events; ++i)
    line += fmt::format(R"({}{{"type":"view","at":"{}","url":"{}"{}}})", i ? "," : "", format_time(start + 600 * i),
                        urls[static_cast<std::size_t>(i) % urls.size()], fields);
  return line + "]}";
}

// One long lead decoded, with the replayer that walks it (its work counts
// are read after the walk).
struct LongLead {
  RecordDecoder decoder;
  Record record;
  Replayer replayer;
  LongLead(const std::shared_ptr<const Program>& program, const std::string& line)
      : decoder(program), replayer(program, ReplayOptions{}) {
    DecodeError error;
    REQUIRE_MESSAGE(decoder.decode(line, record, error), error.message);
  }
};

}  // namespace

TEST_CASE("replay decides at every point as when each evaluation is given all the lead's events") {
  std::mt19937 rng(20261207);
  const auto mix = testing::compile_text(kMix);
  const auto plain = testing::compile_text(without_lifecycle(kMix));
  REQUIRE(!plain->image().lifecycle.present);
  const auto& stages = mix->image().stages;
  std::map<std::string, int> moves;  // "hot -> won": how often the walks made it
  for (int lead = 0; lead < 300; ++lead) {
    const std::string line = random_lead(rng, lead);
    const ReplayOptions options{.daily = lead % 2 == 0, .arms = lead % 3 != 0};
    for (const ReplayStep& step : check_same_walk(mix, line, options))
      ++moves[(step.previous_stage < 0 ? "" : stages[step.previous_stage].name + " -> ") + stages[step.stage].name];
    check_same_walk(plain, line, options);
  }
  // The leads take every move the lifecycle allows.
  for (const char* move : {"cold", "warm", "cold -> warm", "cold -> hot", "warm -> hot", "warm -> cold",
                           "cold -> dead", "warm -> dead", "dead -> cold", "cold -> won", "warm -> won", "hot -> won"})
    CHECK_MESSAGE(moves[move] > 0, std::string(move));
}

TEST_CASE("replay of the b2b example's leads is the same as with every event given to every point") {
  auto program = testing::compile_text(testing::read_text(testing::source_path("examples/b2b-saas.baton")));
  for (const auto& line : testing::lines_of(testing::read_text(testing::source_path("examples/b2b-saas-leads.jsonl")))) {
    check_same_walk(program, line, ReplayOptions{});
    check_same_walk(program, line, ReplayOptions{.daily = true, .arms = false});
  }
}

TEST_CASE("a long lead costs its points times the events of a window, not times all its events") {
  // 30,000 page views: given every event, each point would read 30,000 rows
  // (900 million in all); a day's window holds 145 of them.
  auto program = testing::compile_text(R"(sla "long" version "1"
lead { email: string, current_stage: string?, current_stage_since: time? }
event view { url: string }
score heat window 1d decay half_life 6h { +1 per view where url starts_with "/p" max 30 }
stages {
  hot  when heat >= 20
  warm when count(view where url == "/q" within 2h) >= 4
  cold otherwise
}
lifecycle { cold -> warm -> hot -> warm -> cold }
)");
  constexpr int kEvents = 30000;
  constexpr std::uint64_t kInWindow = 86400 / 600 + 1;
  const std::string line = long_lead(kEvents, {"/p", "/q", "/q", "/q", "/q", "/q", "/q", "/q", "/q", "/q"});
  LongLead lead(program, line);
  Replayer& replayer = lead.replayer;
  const auto& steps = replayer.replay(lead.record, kAsOf);
  CHECK(steps.size() >= 2);
  const ReplayWork& work = replayer.work();
  CHECK(work.points == kEvents + 1);
  CHECK(work.evaluations >= work.points);
  // The oldest rows are let go once they outnumber the rest: at most twice a window.
  CHECK(work.events_given <= work.evaluations * 2 * kInWindow);
  CHECK(work.events_given >= work.points * (kInWindow - 1) / 2);
}

TEST_CASE("once a lead is in a stage it cannot leave, replay evaluates it only at as_of") {
  auto program = testing::compile_text(kMix);
  // A view, an email half an hour later, 60 dollars spent half an hour after
  // that: won at the third point; 3,000 more views follow.
  constexpr int kEvents = 3000;
  std::string line = long_lead(kEvents, {"/docs"}, R"(,"n":1)");
  const std::int64_t start = kAsOf - 3600 - 600 * kEvents - 7200;
  line.insert(line.find('[') + 1, fmt::format(R"({{"type":"view","at":"{}","url":"/p","n":1}},)"
                                              R"({{"type":"mail","at":"{}","tag":"t2"}},)"
                                              R"({{"type":"buy","at":"{}","amount":60.5}},)",
                                              format_time(start), format_time(start + 1800), format_time(start + 3600)));
  LongLead lead(program, line);
  Replayer& replayer = lead.replayer;
  const auto& steps = replayer.replay(lead.record, kAsOf);
  REQUIRE(!steps.empty());
  CHECK(program->image().stages[steps.back().stage].name == "won");
  CHECK(replayer.work().points == kEvents + 4);  // its events' times and as_of
  CHECK(steps.back().at == start + 3600);
  // The three points up to won, each step's explanation, then as_of alone.
  CHECK(replayer.work().evaluations == 3 + steps.size() + 1);
  CHECK(replayer.last_decision().stage == steps.back().stage);
  check_same_walk(program, line, ReplayOptions{});
}
