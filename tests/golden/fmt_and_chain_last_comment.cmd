fmt tests/golden/fmt/and_chain_last_comment.baton
