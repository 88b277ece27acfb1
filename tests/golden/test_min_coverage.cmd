test tests/golden/sla/failing.test.baton --min-coverage 50
exit: 1
