fmt tests/golden/fmt/if_else_comments.baton
