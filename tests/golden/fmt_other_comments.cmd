fmt tests/golden/fmt/other_comments.baton
