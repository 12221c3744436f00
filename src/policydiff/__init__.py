"""policydiff: what changed between two years of the same government policy document."""
