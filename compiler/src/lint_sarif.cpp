// SARIF 2.1.0 output for `baton lint --format sarif`: one run, the lint table
// as the tool's rules, each finding a result with its physical location.
// Columns are counted in Unicode code points (run.columnKind says so), as in
// every other baton position.
#include <fmt/format.h>

#include "baton/compiler/lint.hpp"
#include "baton/runtime/output.hpp"

namespace baton {

namespace {

std::string_view level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "warning";
}

// A relative URI reference for a path: unreserved characters and '/' kept,
// the rest percent-encoded.
std::string uri(std::string_view path) {
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    bool keep = std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) out += c;
    else out += fmt::format("%{:02X}", u);
  }
  return out;
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out += '"';
  out += name;
  out += "\":";
  append_json_string(value, out);
}

}  // namespace

std::string render_sarif(std::span<const SarifFile> files) {
  std::string out =
      "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{"
      "\"tool\":{\"driver\":{\"name\":\"baton\",\"informationUri\":\"docs/lint.md\",\"rules\":[";
  auto rules = lint_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    if (i) out += ',';
    out += '{';
    field(out, "id", r.code);
    out += ',';
    field(out, "name", r.name);
    out += ",\"shortDescription\":{";
    field(out, "text", r.summary);
    out += "},\"fullDescription\":{";
    field(out, "text", fmt::format("{} ({}): {}. See docs/lint.md#{}.", r.code, r.name, r.summary, r.code));
    out += "},\"defaultConfiguration\":{";
    field(out, "level", level(r.severity));
    out += "},";
    field(out, "helpUri", fmt::format("docs/lint.md#{}", r.code));
    out += '}';
  }
  out += "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[";
  bool first = true;
  for (const auto& f : files) {
    if (!f.source || !f.findings) continue;
    for (const auto& d : *f.findings) {
      if (!first) out += ',';
      first = false;
      LineColumn begin = f.source->position(d.span.begin);
      LineColumn end = f.source->position(std::max(d.span.end, d.span.begin + 1));
      if (end.line == begin.line && end.column <= begin.column) end.column = begin.column + 1;
      std::string message = d.message;
      for (const auto& h : d.help) message += "\nhelp: " + h;
      out += '{';
      field(out, "ruleId", d.code);
      for (std::size_t i = 0; i < rules.size(); ++i)
        if (rules[i].code == d.code) out += fmt::format(",\"ruleIndex\":{}", i);
      out += ',';
      field(out, "level", level(d.severity));
      out += ",\"message\":{";
      field(out, "text", message);
      out += "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{";
      field(out, "uri", uri(f.source->path()));
      out += fmt::format("}},\"region\":{{\"startLine\":{},\"startColumn\":{},\"endLine\":{},\"endColumn\":{}}}}}}}]}}",
                         begin.line, begin.column, end.line, end.column);
    }
  }
  out += "]}]}\n";
  return out;
}

}  // namespace baton
