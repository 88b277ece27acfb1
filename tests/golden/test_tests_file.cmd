test tests/golden/sla/failing.test.baton --coverage
