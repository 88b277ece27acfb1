diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton --as-of ""
exit: 2
