stdlib bogus
exit: 2
