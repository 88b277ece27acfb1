disasm tests/golden/event-groups.baton
