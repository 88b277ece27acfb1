#pragma once
// The default record decoder: simdjson's On-Demand API, one pass over the
// line, each value read once and written straight into the record's slots.
//
// It decodes what it can decode with certainty and says no to everything
// else: RecordDecoder then decodes the same line with the DOM decoder
// (record_decoder.cpp), the reference, which words every error. So a line is
// accepted here only when the DOM decoder would accept it with the same
// record and the same unknown-name counts, and every rejection is the DOM
// decoder's own error record. See ondemand_decoder.cpp for how that is kept.
#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/record.hpp"
#include "record_schema.hpp"

namespace date { class time_zone; }

namespace baton {

class OnDemandDecoder {
 public:
  OnDemandDecoder(const Program& program, const DecodeOptions& options, const decode::Schema& schema,
                  const date::time_zone* coerce_zone);

  // True: `record` holds the line's record. False: no decision (an error
  // or a shape this decoder leaves to the reference); `record` is undefined
  // and nothing was counted. `json` is already stripped (strip_line).
  bool decode(std::string_view json, Record& record);
  // Adds the unknown names of the last successful decode().
  void count_unknown(UnknownNames& unknown) const;

 private:
  using JsonType = simdjson::ondemand::json_type;

  // One scalar read once: its JSON type and its content (text unescaped,
  // number parsed), or just the type of a container.
  struct Scalar {
    JsonType kind = JsonType::null;
    std::string_view text;      // string
    bool in_line = false;       // text points into the parsed copy of the line (no escapes)
    simdjson::ondemand::number number;  // number
    bool flag = false;          // boolean
  };

  bool reserve(std::size_t size);
  bool read_lead(simdjson::ondemand::object lead);
  bool read_id(simdjson::ondemand::value v);
  bool read_events(simdjson::ondemand::value v);
  bool read_event(simdjson::ondemand::value v);
  bool scalar(simdjson::ondemand::value& v, Scalar& s);
  bool read_value(simdjson::ondemand::value& v, const Scalar& s, Type type, std::size_t depth, Value& out);
  bool coerced(const Scalar& s, Type type, Value& out);
  bool read_items(simdjson::ondemand::value& v, std::size_t depth, Value& out);
  bool key(simdjson::ondemand::field& f, std::string_view& out);
  bool skip(simdjson::ondemand::value v, std::size_t depth);
  bool enter(std::size_t depth) const { return depth < depth_limit_; }
  std::string_view keep(const Scalar& s);

  const Program& program_;
  const decode::Schema& schema_;
  const date::time_zone* coerce_zone_;
  bool strict_, coerce_;
  std::size_t max_events_;
  std::size_t depth_limit_;  // containers nest less deep than this (then the reference would accept them too)
  simdjson::ondemand::parser parser_;
  std::unique_ptr<char[]> buffer_;  // long lines: their copy plus simdjson's padding
  std::size_t buffer_size_ = 0;
  const char* line_end_ = nullptr;  // end of the parsed copy
  bool borrowed_ = false;           // the parsed copy lives in the record's arena
  Record* record_ = nullptr;
  std::vector<Value> items_;
  // Names the last decode() met that the SLA does not declare (views into
  // the line or the parser's buffers, valid until the next decode).
  std::vector<std::string_view> unknown_types_, unknown_fields_;
  std::vector<std::pair<std::size_t, std::string_view>> unknown_event_fields_;  // (event type, field)
};

}  // namespace baton
