#pragma once
// A small JSON builder for the review outputs: it places the commas and
// quotes; numbers and strings are written by the runtime's renderers so the
// review's JSON reads like the decisions'.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/output.hpp"

namespace baton::review {

class JsonWriter {
 public:
  std::string out;

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k) {
    separate();
    append_json_string(k, out);
    out += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    append_json_string(s, out);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double v) {
    separate();
    if (std::isfinite(v)) append_number(v, out);
    else out += "null";
    return *this;
  }
  JsonWriter& value(std::uint64_t v) {
    separate();
    out += std::to_string(v);
    return *this;
  }
  JsonWriter& value(int v) {
    separate();
    out += std::to_string(v);
    return *this;
  }
  JsonWriter& value(bool v) {
    separate();
    out += v ? "true" : "false";
    return *this;
  }
  JsonWriter& null() {
    separate();
    out += "null";
    return *this;
  }
  // Text that is already JSON (an explanation from append_explain_json).
  JsonWriter& raw(std::string_view json) {
    separate();
    while (!json.empty() && (json.back() == '\n' || json.back() == ' ')) json.remove_suffix(1);
    out += json;
    return *this;
  }
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  JsonWriter& open(char c) {
    separate();
    out += c;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& close(char c) {
    out += c;
    first_.pop_back();
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out += ',';
      first_.back() = false;
    }
  }
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace baton::review
