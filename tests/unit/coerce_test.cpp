// --coerce: CRM text read into typed fields, one reading or an error.
#include <doctest/doctest.h>

#include <cmath>

#include "../support/compile_text.hpp"
#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/record.hpp"
#include "coerce.hpp"

using namespace baton;

TEST_CASE("numbers, booleans and times from text have one reading or none") {
  CHECK(coerce::to_int("120") == 120);
  CHECK(coerce::to_int(" -3 ") == -3);
  CHECK(coerce::to_int("1200.0") == 1200);
  CHECK(coerce::to_int("12e3") == 12000);
  for (const char* bad : {"", "1,200", "12.5", "0x10", "12e", "twelve", "+"}) CHECK_FALSE(coerce::to_int(bad));
  CHECK(coerce::to_number("0.5") == 0.5);
  CHECK(coerce::to_number("1e3") == 1000);
  for (const char* bad : {"1,5", "NaN", "inf", "+1", "", "5 dollars"}) CHECK_FALSE(coerce::to_number(bad));
  CHECK(coerce::to_bool("TRUE") == true);
  CHECK(coerce::to_bool("yes") == true);
  CHECK(coerce::to_bool("1") == true);
  CHECK(coerce::to_bool("No") == false);
  CHECK(coerce::to_bool("0") == false);
  for (const char* bad : {"y", "t", "2", "", "maybe"}) CHECK_FALSE(coerce::to_bool(bad));

  const auto t = *parse_time("2026-06-10T10:00:00Z");
  CHECK(coerce::to_time("2026-06-10 10:00:00", nullptr) == t);
  CHECK(coerce::to_time("2026-06-10T10:00:00", nullptr) == t);
  CHECK(coerce::to_time("2026-06-10 10:00", nullptr) == t);
  CHECK(coerce::to_time("2026-06-10", nullptr) == *parse_time("2026-06-10"));
  CHECK(coerce::to_time("1781085600", nullptr) == t);        // epoch seconds
  CHECK(coerce::to_time("1781085600000", nullptr) == t);     // epoch milliseconds
  CHECK(coerce::epoch_to_time(1781085600000.0) == t);
  // A zone-less time in a zone: 10:00 in Berlin is 08:00 UTC in summer.
  CHECK(coerce::to_time("2026-06-10 10:00:00", baton::find_zone("Europe/Berlin")) == t - 2 * 3600);
  // 02:30 on the spring-forward night never happened in Berlin.
  CHECK_FALSE(coerce::to_time("2026-03-29 02:30:00", baton::find_zone("Europe/Berlin")));
  // After 2037 too, where the zone file's rule takes over from its list.
  CHECK(coerce::to_time("2040-07-01 12:00:00", baton::find_zone("Europe/Berlin")) ==
        *parse_time("2040-07-01T10:00:00Z"));
  CHECK(coerce::to_time("2040-03-25", baton::find_zone("Europe/Berlin")) == *parse_time("2040-03-24T23:00:00Z"));
  CHECK_FALSE(coerce::to_time("2040-03-25 02:30:00", baton::find_zone("Europe/Berlin")));
  CHECK(coerce::time_note("2040-10-28 02:30:00", baton::find_zone("Europe/Berlin")).starts_with(
      "the clock change repeats this local time in Europe/Berlin"));
  for (const char* bad : {"06/10/2026", "10.06.2026", "2026-06-10 25:00", "yesterday", "2026-13-01 10:00"})
    CHECK_FALSE(coerce::to_time(bad, nullptr));
}

// A CRM's "Create Date" column holds dates alone: with a zone they are its
// midnight (not UTC's, hours off). Eight digits may be a date or epoch
// seconds: no reading. A refusal says why when the shape was right.
TEST_CASE("a date alone is midnight in the zone, yyyymmdd has two readings, clock changes are named") {
  const baton::TimeZone* new_york = baton::find_zone("America/New_York");
  CHECK(coerce::to_time("2026-11-23", new_york) == *parse_time("2026-11-23T05:00:00Z"));
  CHECK(coerce::to_time("2026-06-10", new_york) == *parse_time("2026-06-10T04:00:00Z"));
  CHECK(coerce::to_time("2026-11-23", nullptr) == *parse_time("2026-11-23T00:00:00Z"));
  CHECK(coerce::to_time("2026-11-23T00:00:00Z", new_york) == *parse_time("2026-11-23T00:00:00Z"));
  // Midnight skipped (Santiago springs forward at 00:00): the day starts at 01:00.
  CHECK(coerce::to_time("2026-09-06", baton::find_zone("America/Santiago")) == *parse_time("2026-09-06T04:00:00Z"));

  CHECK_FALSE(coerce::to_time("20261123", nullptr));
  CHECK(coerce::time_note("20261123", nullptr) ==
        "a date written yyyymmdd, or epoch seconds? write the date as 2026-11-23, or epoch seconds in full");
  CHECK(coerce::to_time("99999999", nullptr) == 99999999);  // not a date: epoch seconds
  CHECK(coerce::to_time("1781085600", nullptr) == *parse_time("2026-06-10T10:00:00Z"));

  CHECK(coerce::time_note("2026-03-08 02:30", new_york) == "the clock change skips this local time in America/New_York");
  CHECK(coerce::time_note("2026-11-01 01:30", new_york) ==
        "the clock change repeats this local time in America/New_York: give its offset, as 2026-11-01T01:30:00-04:00");
  CHECK_FALSE(coerce::to_time("2026-11-01 01:30", new_york));
  CHECK(coerce::time_note("2026-11-01 03:30", new_york) == "");
  CHECK(coerce::time_note("yesterday", new_york) == "");

  SourceFile source("t.baton", "sla \"t\" version \"1\"\nlead { signed_up: time? }\nevent demo {}\nstages { lead otherwise }\n");
  Diagnostics diagnostics;
  auto program = compile(source, diagnostics).program;
  REQUIRE(program);
  for (auto decoder : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom}) {
    RecordDecoder reader(program, DecodeOptions{.coerce = true, .coerce_zone = "America/New_York", .decoder = decoder});
    Record record;
    DecodeError error;
    CHECK_FALSE(reader.decode(R"({"signed_up":"2026-03-08 02:30"})", record, error));
    CHECK(error.message ==
          "expected time, got string \"2026-03-08 02:30\" (the clock change skips this local time in America/New_York)");
    CHECK(reader.decode(R"({"signed_up":"2026-11-23"})", record, error));
    CHECK(record.fields[0].i == *parse_time("2026-11-23T05:00:00Z"));
    // An event's time alike (its fast path runs before the coercion).
    REQUIRE(reader.decode(R"({"events":[{"type":"demo","at":"2026-11-23"},{"type":"demo","at":"2026-11-23T00:00:00Z"}]})",
                          record, error));
    REQUIRE(record.events[0].count == 2);
    CHECK(record.events[0].row(0)[0].i == *parse_time("2026-11-23T05:00:00Z"));
    CHECK(record.events[0].row(1)[0].i == *parse_time("2026-11-23T00:00:00Z"));
  }
}

TEST_CASE("the decoder coerces only when asked, and names the field when it cannot") {
  SourceFile source("t.baton", R"(sla "t" version "1"
lead { size: int?, budget: number?, authority: bool?, signed_up: time?, zip: string? }
stages { lead otherwise }
)");
  Diagnostics diagnostics;
  auto program = compile(source, diagnostics).program;
  REQUIRE(program);
  const std::string crm =
      R"({"size":"120","budget":"2500.5","authority":"yes","signed_up":"2026-06-10 10:00:00","zip":10115})";
  Record record;
  DecodeError error;
  RecordDecoder plain(program);
  CHECK_FALSE(plain.decode(crm, record, error));
  CHECK(error.field == "size");
  CHECK(error.message == "expected int, got string \"120\"");

  RecordDecoder coercing(program, DecodeOptions{.coerce = true});
  REQUIRE(coercing.decode(crm, record, error));
  CHECK(record.fields[0].i == 120);
  CHECK(record.fields[1].n == 2500.5);
  CHECK(record.fields[2].b);
  CHECK(record.fields[3].i == *parse_time("2026-06-10T10:00:00Z"));
  CHECK(record.fields[4].str() == "10115");
  CHECK(coercing.decode(R"({"signed_up":1781085600000})", record, error));
  CHECK(record.fields[3].i == *parse_time("2026-06-10T10:00:00Z"));

  CHECK_FALSE(coercing.decode(R"({"size":"about 50"})", record, error));
  CHECK(error.field == "size");
  CHECK(error.message == "expected int, got string \"about 50\"");
  CHECK_FALSE(coercing.decode(R"({"signed_up":"06/10/2026"})", record, error));
  CHECK(error.field == "signed_up");
  // A whole number beyond 64 bits says so, as the same number in JSON does.
  CHECK_FALSE(coercing.decode(R"({"size":"18446744073709551616"})", record, error));
  CHECK(error.message == "expected int, got string \"18446744073709551616\" (out of range)");
  CHECK_FALSE(coercing.decode(R"({"size":"-9223372036854775809"})", record, error));
  CHECK(error.message == "expected int, got string \"-9223372036854775809\" (out of range)");
  CHECK_FALSE(coercing.decode(R"({"size":"12.5"})", record, error));
  CHECK(error.message == "expected int, got string \"12.5\"");
  CHECK_FALSE(plain.decode(R"({"size":"18446744073709551616"})", record, error));
  CHECK(error.message == "expected int, got string \"18446744073709551616\"");  // text is not read as a number

  RecordDecoder berlin(program, DecodeOptions{.coerce = true, .coerce_zone = "Europe/Berlin"});
  REQUIRE(berlin.decode(R"({"signed_up":"2026-06-10 10:00:00"})", record, error));
  CHECK(record.fields[3].i == *parse_time("2026-06-10T08:00:00Z"));
}

TEST_CASE("names a record uses that the SLA does not declare are counted, strict or not") {
  SourceFile source("t.baton", R"(sla "t" version "1"
lead { email: string }
event page_view { url: string }
stages { lead otherwise }
)");
  Diagnostics diagnostics;
  auto program = compile(source, diagnostics).program;
  REQUIRE(program);
  RecordDecoder decoder(program);
  Record record;
  DecodeError error;
  for (int i = 0; i < 3; ++i)
    REQUIRE(decoder.decode(
        R"({"email":"a","utm":"x","events":[{"type":"Page_View","at":"2026-01-01T00:00:00Z"},{"type":"page_view","at":"2026-01-01T00:00:00Z","url":"/a","ref":"g"}]})",
        record, error));
  CHECK(decoder.unknown().event_types.at("Page_View") == 3);
  CHECK(decoder.unknown().fields.at("utm") == 3);
  CHECK(decoder.unknown().fields.at("page_view.ref") == 3);
  CHECK(UnknownNames::top(decoder.unknown().fields) == "page_view.ref (3), utm (3)");

  RecordDecoder any_case(program, DecodeOptions{.event_types_ignore_case = true});
  REQUIRE(any_case.decode(R"({"email":"a","events":[{"type":"Page_View","at":"2026-01-01T00:00:00Z","url":"/p"}]})",
                          record, error));
  CHECK(record.events[0].count == 1);
  CHECK(any_case.unknown().empty());
}

TEST_CASE("epoch numbers: seconds below 1e11, milliseconds from it, years 0000-9999 both ways") {
  CHECK(coerce::epoch_to_time(99999999999.0) == 99999999999);   // the last number read as seconds
  CHECK(coerce::epoch_to_time(100000000000.0) == 100000000);    // the first read as milliseconds
  CHECK(coerce::epoch_to_time(-99999999999.0) == -99999999999);
  CHECK(coerce::epoch_to_time(-100000000000.0) == -100000000);
  CHECK(coerce::epoch_to_time(1.5) == 1);  // fractions of a second are dropped (floor)
  CHECK(coerce::epoch_to_time(-1.5) == -2);
  // 9999-12-31T23:59:59Z is the last time there is, and its mirror the first.
  CHECK(coerce::epoch_to_time(253402300799000.0) == 253402300799);
  CHECK(coerce::epoch_to_time(253402300799999.0) == 253402300799);
  CHECK_FALSE(coerce::epoch_to_time(253402300800000.0));
  CHECK(coerce::epoch_to_time(-253402300799000.0) == -253402300799);
  CHECK_FALSE(coerce::epoch_to_time(-253402300800000.0));
}

TEST_CASE("edges: below the smallest double is 0 as in JSON, above the largest is refused, no time past 9999") {
  CHECK(coerce::to_number("1e-400") == 0.0);
  CHECK(std::signbit(*coerce::to_number("-1e-400")));
  CHECK(coerce::to_number("0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000001") == 0.0);
  CHECK(coerce::to_number("4e-320") == 4e-320);  // subnormal
  CHECK(coerce::to_int("1e-400") == 0);
  for (const char* bad : {"1e400", "-1e400", "1e-400x", "e-400"}) CHECK_FALSE(coerce::to_number(bad));

  const baton::TimeZone* new_york = baton::find_zone("America/New_York");
  CHECK(coerce::to_time("9999-12-31 18:59:59", new_york) == kLastTime);
  CHECK_FALSE(coerce::to_time("9999-12-31 19:00:00", new_york));
  CHECK(coerce::time_note("9999-12-31 19:00:00", new_york) == "out of range");
  CHECK(coerce::to_time("9999-12-31", new_york) == kLastTime - 86399 + 5 * 3600);
  CHECK(coerce::to_time("9999-12-31T22:59:59-01:00", nullptr) == kLastTime);
  CHECK_FALSE(coerce::to_time("9999-12-31T23:00:00-01:00", nullptr));
  CHECK_FALSE(coerce::to_time("9999-12-31T23:00:00-01:00", new_york));
}

TEST_CASE("with --coerce an empty or blank string is no value, as an empty CSV cell is") {
  auto program = testing::compile_text(R"(sla "t" version "1"
lead { owner: string?, size: int = 5, seen: time?, stage_now: string?, tags: set<string>?, email: string }
event visit { url: string?, source: string = "web" }
stages { lead otherwise }
)");
  const std::string crm =
      R"({"owner":"","size":" ","seen":"","tags":"\t","email":"a@x.example","events":[{"type":"visit","at":"2026-11-20T10:00:00Z","url":"","source":" "}]})";
  for (auto decoder_kind : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom})
    for (bool fast_events : {true, false}) {
      CAPTURE(static_cast<int>(decoder_kind));
      CAPTURE(fast_events);
      Record record;
      DecodeError error;
      RecordDecoder coercing(program, DecodeOptions{.coerce = true, .fast_events = fast_events, .decoder = decoder_kind});
      REQUIRE(coercing.decode(crm, record, error));
      CHECK(record.fields[0].is_missing());  // owner
      CHECK(record.fields[1].i == 5);        // size: its default
      CHECK(record.fields[2].is_missing());  // seen
      CHECK(record.fields[4].is_missing());  // tags
      CHECK(record.fields[5].str() == "a@x.example");
      REQUIRE(record.events[0].count == 1);
      CHECK(record.events[0].row(0)[1].is_missing());      // url (0 is `at`)
      CHECK(record.events[0].row(0)[2].str() == "web");    // source: its default
      // A required field given blank is missing, as in CSV.
      CHECK_FALSE(coercing.decode(R"({"email":" "})", record, error));
      CHECK(error.field == "email");
      CHECK(error.message == "missing required field");
      // Without --coerce "" is a string like any other.
      RecordDecoder plain(program, DecodeOptions{.fast_events = fast_events, .decoder = decoder_kind});
      REQUIRE(plain.decode(R"({"owner":"","email":""})", record, error));
      CHECK(record.fields[0].str().empty());
      CHECK_FALSE(record.fields[0].is_missing());
    }
}
