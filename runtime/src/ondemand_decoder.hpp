#pragma once
// The default record decoder: simdjson's On-Demand parser indexes the line
// (stage 1), then one pass over that index reads each value once, validating
// it, straight into the record's slots.
//
// It decodes what it can decode with certainty and says no to everything
// else: RecordDecoder then decodes the same line with the DOM decoder
// (record_decoder.cpp), the reference, which words every error. So a line is
// accepted here only when the DOM decoder would accept it with the same
// record and the same unknown-name counts, and every rejection is the DOM
// decoder's own error record. See ondemand_decoder.cpp for how that is kept.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/record.hpp"
#include "record_schema.hpp"


namespace baton {

class TimeZone;

class OnDemandDecoder {
 public:
  OnDemandDecoder(const Program& program, const DecodeOptions& options, const decode::Schema& schema,
                  const TimeZone* coerce_zone);

  // True: `record` holds the line's record. False: no decision (an error
  // or a shape this decoder leaves to the reference); `record` is undefined
  // and nothing was counted. `json` is already stripped (strip_line).
  bool decode(std::string_view json, Record& record);
  // Adds the unknown names of the last successful decode().
  void count_unknown(UnknownNames& unknown) const;

 private:
  enum class Kind : std::uint8_t { string, number, boolean, null, array, object };
  struct NumberWriter;
  struct Number {  // a JSON number as simdjson's parse_number gives it
    enum class Of : std::uint8_t { int64, uint64, double_ } of = Of::int64;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    double as_double() const;  // as dom::element::get_double() gives it
  };
  // One value at the cursor, read once: its kind and its content (text
  // unescaped, number parsed); a container is not entered.
  struct Scalar {
    Kind kind = Kind::null;
    std::string_view text;  // string
    bool in_line = false;   // text points into the parsed copy of the line (no escapes)
    Number number;
    bool flag = false;      // boolean
  };

  // The cursor: the current token of stage 1's index (one per structural
  // character and per scalar), and its first byte.
  char peek() const { return static_cast<char>(line_[*token_]); }
  const std::uint8_t* at() const { return line_ + *token_; }
  bool expect(char c) {
    if (peek() != c) return false;
    ++token_;
    return true;
  }

  bool reserve(std::size_t size);
  bool raw_string(std::string_view& text);
  bool string_token(std::string_view& text, bool& in_line);
  bool unescape_key(std::string_view& name);
  bool scalar(Scalar& s);
  bool read_lead();
  bool read_id();
  bool read_events();
  bool read_event();
  bool read_value(const Scalar& s, Type type, std::size_t depth, Value& out);
  bool coerced(const Scalar& s, Type type, Value& out);
  bool read_items(std::size_t depth, bool is_set, Value& out);
  bool skip(std::size_t depth);
  bool enter(std::size_t depth) const { return depth < depth_limit_; }
  std::string_view keep(const Scalar& s);

  const Program& program_;
  const decode::Schema& schema_;
  const TimeZone* coerce_zone_;
  bool strict_, coerce_, check_current_stage_;
  std::size_t max_events_;
  std::size_t depth_limit_;  // containers nest less deep than this (then the reference would accept them too)
  simdjson::ondemand::parser parser_;
  std::unique_ptr<char[]> buffer_;  // long lines: their copy plus simdjson's padding
  std::size_t buffer_size_ = 0;
  bool borrowed_ = false;           // the parsed copy lives in the record's arena
  // Per decode(): the parsed copy, its length, the cursor, simdjson's
  // iterator (for unescaping into the parser's string buffer).
  const std::uint8_t* line_ = nullptr;
  std::size_t size_ = 0;
  bool escapes_ = false;  // the line holds a backslash somewhere (else no string needs unescaping)
  const std::uint32_t* token_ = nullptr;
  simdjson::ondemand::json_iterator* iterator_ = nullptr;
  Record* record_ = nullptr;
  std::vector<Value> items_;
  std::vector<std::uint32_t> item_order_;  // scratch for finding a long set's repeats
  // Names the last decode() met that the SLA does not declare (views into
  // the line or the parser's buffers, valid until the next decode).
  std::vector<std::string_view> unknown_types_, unknown_fields_;
  std::vector<std::pair<std::size_t, std::string_view>> unknown_event_fields_;  // (event type, field)
};

}  // namespace baton
