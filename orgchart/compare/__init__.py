"""Compare: two structures matched post by post, and what changed between them.

It uses the measures to say what a change does to spans and cost; it must
not present anything (text, tables, charts are the present stage's).
"""
