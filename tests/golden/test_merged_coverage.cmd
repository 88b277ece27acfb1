test tests/golden/sla/failing.baton tests/golden/sla/failing.test.baton --coverage
exit: 1
