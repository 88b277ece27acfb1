// Zones: the tz library's transitions up to the last one its files list, the
// file's footer rule after it (see posix_rule.hpp for why both).
#include "baton/common/zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "baton/common/time.hpp"
#include "posix_rule.hpp"

namespace baton {

class TimeZone {
 public:
  const date::time_zone* tz = nullptr;
  // The library's offsets as a table, read once: begins[i] starts offsets[i]
  // (the first one holds from the beginning of time). Searching it is several
  // times faster than asking the library, which copies an abbreviation per call.
  std::vector<std::int64_t> begins;
  std::vector<std::int32_t> offsets;
  std::vector<std::string> abbrevs;
  // From this instant (the last transition the file lists) on, the rule.
  std::int64_t rule_from = std::numeric_limits<std::int64_t>::max();
  zone_detail::PosixRule rule;

  // The table's entry in force at t < rule_from.
  std::size_t index(std::int64_t t) const {
    const auto it = std::upper_bound(begins.begin() + 1, begins.end(), t);
    return static_cast<std::size_t>(it - begins.begin()) - 1;
  }
};

namespace {

// Where the tz library reads the system's zones (its default on Linux).
constexpr std::string_view kZoneDir = "/usr/share/zoneinfo/";

// The footer of a TZif file of version 2 or later: the text between the
// last two newlines. Empty when there is none.
std::string tzif_footer(std::string_view name) {
  std::ifstream in(std::string(kZoneDir) + std::string(name), std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') return {};
  const std::size_t open = data.rfind('\n', data.size() - 2);
  return open == std::string::npos ? std::string() : data.substr(open + 1, data.size() - open - 2);
}

std::unique_ptr<TimeZone> load(const date::time_zone* tz) {
  auto zone = std::make_unique<TimeZone>();
  zone->tz = tz;
  const std::optional<zone_detail::PosixRule> rule = zone_detail::parse_posix_rule(tzif_footer(tz->name()));
  // A rule without DST keeps the last listed offset, as the library does.
  if (rule && rule->has_dst) {
    zone->rule = *rule;
    const date::sys_info last = tz->get_info(date::sys_seconds{std::chrono::seconds{kLastTime}});
    zone->rule_from = last.begin.time_since_epoch().count();
  }
  for (std::int64_t t = kFirstTime;;) {
    const date::sys_info info = tz->get_info(date::sys_seconds{std::chrono::seconds{t}});
    zone->begins.push_back(t);
    zone->offsets.push_back(static_cast<std::int32_t>(info.offset.count()));
    zone->abbrevs.push_back(info.abbrev);
    const std::int64_t end = info.end.time_since_epoch().count();
    if (end <= t || end >= zone->rule_from || end > kLastTime) break;
    t = end;
  }
  return zone;
}

struct Entry {
  std::string name;
  std::once_flag once;
  std::unique_ptr<TimeZone> zone;
};

// Names the database's folder holds that are not zones of their own: a
// time must never depend on the machine that computes it.
struct Refused {
  std::string_view name, why;
};
constexpr Refused kRefused[] = {
    {"localtime", "\"localtime\" is the zone of the machine baton runs on, so times would change with the machine"},
    {"posixrules", "\"posixrules\" is the tz database's template for POSIX TZ strings, not a zone"},
    {"Factory", "\"Factory\" is the tz database's placeholder for a machine whose zone is not set, not a zone"},
};

// Every zone name, sorted; each zone read on first use.
std::vector<Entry>& entries() {
  static std::vector<Entry> all = [] {
    std::vector<std::string> names;
    try {
      for (const date::time_zone& z : date::get_tzdb().zones)
        if (not_a_zone(z.name()).empty()) names.push_back(z.name());
    } catch (const std::exception&) {  // no database: no zones
    }
    std::sort(names.begin(), names.end());
    std::vector<Entry> out(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) out[i].name = std::move(names[i]);
    return out;
  }();
  return all;
}

}  // namespace

std::string_view not_a_zone(std::string_view name) {
  for (const Refused& r : kRefused)
    if (r.name == name) return r.why;
  return {};
}

const TimeZone* find_zone(std::string_view name) {
  std::vector<Entry>& all = entries();
  auto it = std::lower_bound(all.begin(), all.end(), name, [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == all.end() || it->name != name) return nullptr;
  std::call_once(it->once, [&] {
    try {
      it->zone = load(date::locate_zone(it->name));
    } catch (const std::exception&) {  // listed but unreadable: no such zone
    }
  });
  return it->zone.get();
}

std::string_view zone_name(const TimeZone& zone) { return zone.tz->name(); }

ZoneSpan zone_span(const TimeZone& zone, std::int64_t t) {
  if (t >= zone.rule_from) {
    const auto s = zone.rule.span(t);
    return {s.begin, s.end, s.offset, s.dst ? zone.rule.dst_abbrev : zone.rule.std_abbrev};
  }
  constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max() / 2;
  const std::size_t i = zone.index(t);
  const std::int64_t end = i + 1 < zone.begins.size() ? zone.begins[i + 1] : std::min(zone.rule_from, kNever);
  return {i == 0 ? -kNever : zone.begins[i], end, zone.offsets[i], zone.abbrevs[i]};
}

std::int32_t zone_offset(const TimeZone& zone, std::int64_t t) {
  return t >= zone.rule_from ? zone.rule.span(t).offset : zone.offsets[zone.index(t)];
}

LocalInstants local_instants(const TimeZone& zone, std::int64_t local) {
  // Offsets lie within -26h..+26h: the instants wanted lie in that window
  // around `local`, which a few spans cover. Each span whose offset puts
  // `local` inside it gives one; between two spans whose offsets both miss
  // it lies the clock change that skips it.
  constexpr std::int64_t kWindow = 26 * 3600;
  LocalInstants out;
  ZoneSpan span = zone_span(zone, local - kWindow);
  for (;;) {
    const std::int64_t t = local - span.offset;
    if (t >= span.begin && t < span.end && out.count < 2) {
      if (out.count++ == 0) out.earliest = t;
      out.latest = t;
    }
    if (span.end > local + kWindow) break;
    ZoneSpan next = zone_span(zone, span.end);
    if (out.count == 0 && local >= span.end + span.offset && local < next.begin + next.offset) out.earliest = next.begin;
    span = std::move(next);
  }
  if (out.count == 0) out.latest = out.earliest;
  return out;
}

void append_local_time(std::int64_t t, const TimeZone& zone, std::string& out) {
  const std::int64_t offset = zone_offset(zone, t) / 60 * 60;
  const std::int64_t local = t + offset;
  if (local < kFirstTime || local > kLastTime) {
    out += format_time(t);
    return;
  }
  std::string text = format_time(local);
  text.pop_back();  // the 'Z'
  const std::int64_t magnitude = offset < 0 ? -offset : offset;
  char sign[24];
  std::snprintf(sign, sizeof sign, "%c%02d:%02d", offset < 0 ? '-' : '+', static_cast<int>(magnitude / 3600),
                static_cast<int>(magnitude % 3600 / 60));
  out += text;
  out += sign;
}

}  // namespace baton
