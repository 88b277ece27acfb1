test tests/golden/sla/failing.baton tests/golden/sla/failing.test.baton --filter nomatch
exit: 2
