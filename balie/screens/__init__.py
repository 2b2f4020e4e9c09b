"""One screen per role: start, desk (and later counter, board, dagstart, report)."""
