fmt tests/golden/fmt/keyword_comments.baton
