#include "json_convert.hpp"

#include <string>
#include <string_view>

namespace baton::python {

py::object to_python(simdjson::dom::element v) {
  using simdjson::dom::element_type;
  switch (v.type()) {
    case element_type::STRING: {
      std::string_view s = v.get_string().value_unsafe();
      return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    }
    case element_type::INT64: return py::int_(v.get_int64().value_unsafe());
    case element_type::UINT64: return py::int_(v.get_uint64().value_unsafe());
    case element_type::DOUBLE: return py::float_(v.get_double().value_unsafe());
    case element_type::BOOL: return py::bool_(v.get_bool().value_unsafe());
    case element_type::NULL_VALUE: return py::none();
    case element_type::ARRAY: {
      py::list out;
      simdjson::dom::array array = v.get_array().value_unsafe();  // named: the loop must not iterate a temporary
      for (auto item : array) out.append(to_python(item));
      return out;
    }
    case element_type::OBJECT: {
      py::dict out;
      simdjson::dom::object object = v.get_object().value_unsafe();
      for (auto member : object) out[py::str(std::string(member.key))] = to_python(member.value);
      return out;
    }
  }
  return py::none();
}

// How a DataFrame's rows, written by pandas as one JSON array, become lead
// records.
py::list split_json_array(const py::bytes& text) {
  std::string_view json = text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS ||
      root.type() != simdjson::dom::element_type::ARRAY)
    throw py::value_error("not a JSON array");
  py::list out;
  simdjson::dom::array rows = root.get_array().value_unsafe();
  for (auto item : rows) out.append(py::bytes(simdjson::minify(item)));
  return out;
}

}  // namespace baton::python
