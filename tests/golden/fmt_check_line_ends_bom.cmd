fmt --check tests/golden/line_ends/clean_lf.baton tests/golden/line_ends/clean_crlf.baton tests/golden/line_ends/clean_bom.baton
exit: 1
