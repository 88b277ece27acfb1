// The review page: one self-contained HTML file. The JSON rendering is
// embedded and the script (assets/page.js) draws tables and SVG charts from
// it; a Content-Security-Policy forbids every network request.
#include "baton/review/render.hpp"

namespace baton::review {

namespace assets {
extern const char* const page_css;
extern const char* const page_js;
}  // namespace assets

namespace {
// Inside <script> "</script" ends the element early and "<!--" followed by
// "<script" hides its end, so a lead value such as "<!--<script>" would blank
// the page. JSON has '<' only inside strings, where \u003c is the same text.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

std::string page(const std::string& title, const std::string& json) {
  std::string out;
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + title + "</title>\n";
  out += "<style>\n";
  out += assets::page_css;
  out += "</style>\n</head>\n<body>\n<main id=\"app\"><noscript>This page draws itself with JavaScript; the same "
         "data is printed by the --json option.</noscript></main>\n";
  out += "<script type=\"application/json\" id=\"baton-data\">" + script_safe(json) + "</script>\n<script>\n";
  out += assets::page_js;
  out += "</script>\n</body>\n</html>\n";
  return out;
}
}  // namespace

std::string diff_html(const DiffResult& result, const std::vector<LimitCheck>& limits) {
  return page("baton diff", diff_json(result, limits));
}

std::string report_html(const ReportResult& result) { return page("baton report", report_json(result)); }

}  // namespace baton::review
