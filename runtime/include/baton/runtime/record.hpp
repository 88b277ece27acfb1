#pragma once
// A lead record decoded into the flat layout the VM reads: one Value per lead
// field in schema order (registers 0..F-1), and per event type a row-major
// array of events (field 0 = at). Decoding happens once per lead; the
// evaluator never looks a name up.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/arena.hpp"
#include "baton/common/value.hpp"

namespace baton {

class Program;

struct EventRows {
  std::uint32_t stride = 1;  // values per event (1 + declared fields)
  std::uint32_t count = 0;
  std::vector<Value> values;  // the first count * stride, input order; the rest is spare room
  const Value* row(std::uint32_t i) const { return values.data() + std::size_t(i) * stride; }
};

// A Record owns its text: strings and set/list items are copied into
// `strings`, so it does not depend on the input line or on the decoder's
// buffers. Default values point into the Program's image. The values stay
// valid until the Record is reset or decoded into again, and while the
// Program lives. After a failed decode only `id`/`has_id` are meaningful.
struct Record {
  std::vector<Value> fields;
  std::vector<EventRows> events;  // indexed by event type
  std::string id;                 // the record's "id" ("" when absent)
  bool has_id = false;
  Arena strings;                  // text the record owns (copied from the input)

  // Size the layout for a program and clear it; keeps capacity.
  void reset(const Program& program);
};

struct DecodeError {
  std::string field;    // "company_size", "events[3].at", "" for the whole line
  std::string message;  // "expected int, got string \"lots\""
};

struct DecodeOptions {
  bool strict = false;            // unknown fields and event types are errors
  // Read the text CRM exports write (docs/cli.md, --coerce): numbers and
  // booleans as text, timestamps with a space and no zone (in coerce_zone,
  // an IANA name; UTC when empty), epoch milliseconds; numbers into text
  // fields; a string empty or of spaces only is no value, as an empty CSV
  // cell is. What has more than one reading stays an error.
  bool coerce = false;
  std::string coerce_zone = {};
  bool event_types_ignore_case = false;  // "Page_View" is a page_view
  std::size_t max_depth = 64;     // nested objects/arrays (the record is 1); deeper is rejected
  std::size_t max_events = 100000;
  // With a lifecycle, a current-stage field that names no stage of the SLA
  // is an error: the lead cannot be placed in the funnel. `baton replay`
  // turns it off: its walk replaces that field with the stages it reaches.
  bool check_current_stage = true;
  // Read common events straight from the JSON parser's tape (false: through
  // its element API only). The results are the same; false exists for tests
  // and measurements.
  bool fast_events = true;
  // Which decoder reads JSON records (docs/embedding.md, "Record decoding").
  // on_demand (the default) reads each value once with simdjson's On-Demand
  // API straight into the record's slots; whatever it cannot decode with
  // certainty (any error, an unusual shape) is decoded again by dom, the
  // reference, which parses the whole line first. Both give the same records,
  // the same errors and the same unknown-name counts; dom exists to compare.
  enum class Decoder : std::uint8_t { on_demand, dom };
  Decoder decoder = Decoder::on_demand;
};

// Names a record used that the SLA does not declare, with how often they
// occurred: counted whether or not `strict` rejects them, so a run can say
// that "Page_View" events were ignored.
struct UnknownNames {
  std::map<std::string, std::uint64_t, std::less<>> event_types;  // "Page_View"
  std::map<std::string, std::uint64_t, std::less<>> fields;       // "company_sise", "page_view.referrer"
  void merge(const UnknownNames& other);
  bool empty() const { return event_types.empty() && fields.empty(); }
  // "Page_View (12), pageview (3)": the `limit` most frequent, most first,
  // for people (control characters escaped: baton/common/printable.hpp).
  static std::string top(const std::map<std::string, std::uint64_t, std::less<>>& names, std::size_t limit = 5);
};

// Whether text of several lines reads as JSON Lines rather than as one
// object written over several lines (pretty-printed): JSON Lines has a whole
// object on its first non-blank line, or an object starting on its second.
// A malformed pretty-printed lead is then one record to reject, not one
// rejection per line.
bool looks_like_json_lines(std::string_view text);

// The id a record names at its start, {"id": "L7", ... or {"id": 7, ...,
// read from its first bytes alone: what a rejection names for a line that is
// not JSON or too long to read whole. False when it does not begin so, or
// the id has an escape or ends past the bytes given.
bool salvage_record_id(std::string_view json_start, std::string& id);

// One per thread: owns the JSON parser and its buffers.
class RecordDecoder {
 public:
  explicit RecordDecoder(std::shared_ptr<const Program> program, DecodeOptions options = {});
  ~RecordDecoder();
  RecordDecoder(const RecordDecoder&) = delete;
  RecordDecoder& operator=(const RecordDecoder&) = delete;

  // Decodes one JSON object (one line of JSON Lines). On failure returns false,
  // fills `error`, and sets record.id/has_id when the id could be read.
  // Throws std::bad_alloc when memory runs out: that is no fault of the
  // record, so it is never its rejection.
  bool decode(std::string_view json, Record& record, DecodeError& error);
  // Everything unknown seen so far by this decoder.
  const UnknownNames& unknown() const;
  // Lines the On-Demand decoder left to the DOM reference so far (every
  // rejected line, and the unusual shapes; docs/embedding.md). 0 with dom.
  std::uint64_t reference_decodes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baton
