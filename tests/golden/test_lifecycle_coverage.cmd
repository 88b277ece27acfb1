test tests/golden/sla/lifecycle.baton --coverage
