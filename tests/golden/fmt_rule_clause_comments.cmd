fmt tests/golden/fmt/rule_clause_comments.baton
