#pragma once
// The batch entry points of baton._core (see batch.cpp).
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scorer.hpp"

namespace baton::python {

namespace py = pybind11;

// UTF-8 text as a Python str; bytes that are not UTF-8 (a CSV cell or an
// id copied from the input) become U+FFFD instead of failing the batch.
py::str lossy_str(std::string_view text);

// str/bytes records -> (results, delays): per record the decision's JSON
// (str) or a rejection tuple (id, field, message); and for each decision
// whose route has cadence steps, {its position: the steps' delays in seconds
// (a tuple of int or None)}, which its record does not hold. The texts are
// borrowed from the list, which the caller owns and keeps alive; the GIL is
// released while scoring.
py::tuple score_records(Scorer& scorer, const py::list& records, std::int64_t as_of);

// A block of whole JSON Lines -> (results, lines in the block, rejections,
// delays as in score_records); blank lines give nothing, rejections are
// (line number, id, field, message).
py::tuple score_block(Scorer& scorer, const py::bytes& block, std::uint64_t first_line, std::int64_t as_of);

// Like score_records, but a scored record gives the tuple of its decision's
// values at `paths`, a rejected one [id, field, message].
py::list score_rows(Scorer& scorer, const py::list& records, std::int64_t as_of,
                    const std::vector<std::vector<std::string>>& paths);

// ("explained", (decision JSON, explain JSON, explain text, step delays)) or
// ("rejected", (id, field, message)).
py::object explain_record(Scorer& scorer, const py::handle& record, std::int64_t as_of);

}  // namespace baton::python
