diff examples/b2b-saas.baton tests/golden/b2b-saas-reformatted.baton
