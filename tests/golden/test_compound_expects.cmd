test tests/golden/compound-expects.baton
exit: 1
