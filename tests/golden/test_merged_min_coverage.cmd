test tests/golden/sla/failing.baton tests/golden/sla/failing.test.baton --filter demo --min-coverage 90
exit: 1
