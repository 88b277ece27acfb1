test tests/golden/sla/failing.baton
exit: 1
