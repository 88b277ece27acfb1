# Writes OUT: a C++ file defining the page's CSS and JS as string constants.
file(READ ${CSS} css)
file(READ ${JS} js)
foreach(text css js)
  string(FIND "${${text}}" ")baton_asset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "review/assets: the text must not contain )baton_asset\"")
  endif()
endforeach()
file(WRITE ${OUT} "// Generated from review/assets by embed_assets.cmake; do not edit.\n"
  "namespace baton::review::assets {\n"
  "extern const char* const page_css;\nextern const char* const page_js;\n"
  "const char* const page_css = R\"baton_asset(${css})baton_asset\";\n"
  "const char* const page_js = R\"baton_asset(${js})baton_asset\";\n"
  "}\n")
