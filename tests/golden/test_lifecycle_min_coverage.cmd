test tests/golden/sla/lifecycle.baton --min-coverage 90
exit: 1
