disasm tests/golden/disasm-tables.baton
