"""Teaching material: seminar handouts and randomised problem sets with exact answer keys."""
