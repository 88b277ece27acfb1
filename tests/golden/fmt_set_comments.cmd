fmt tests/golden/fmt/set_comments.baton
