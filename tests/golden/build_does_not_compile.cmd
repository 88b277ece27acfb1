build tests/golden/sla/broken.baton
exit: 2
