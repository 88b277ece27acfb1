test tests/golden/sla/set_items.baton
