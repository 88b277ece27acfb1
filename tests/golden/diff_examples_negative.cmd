diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton examples/b2b-saas-leads.jsonl --examples -1
exit: 2
