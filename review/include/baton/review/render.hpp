#pragma once
// The three renderings of a diff and of a report: text for the terminal,
// JSON for tools, and one self-contained HTML page (inline CSS, script and
// SVG; no network) for the review meeting. The page carries the JSON
// rendering and draws itself from it, so the two never disagree.
#include <string>
#include <vector>

#include "baton/review/diff.hpp"
#include "baton/review/report.hpp"

namespace baton::review {

std::string diff_text(const DiffResult& result, const std::vector<LimitCheck>& limits);
std::string diff_json(const DiffResult& result, const std::vector<LimitCheck>& limits);
std::string diff_html(const DiffResult& result, const std::vector<LimitCheck>& limits);

std::string report_text(const ReportResult& result);
std::string report_json(const ReportResult& result);
std::string report_html(const ReportResult& result);

}  // namespace baton::review
