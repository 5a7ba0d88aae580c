"""Compare: two structures matched post by post, and what changed between them."""
