"""PDFs of the courses and handouts, printed by headless Chromium from the
built pages; and finding (or installing) that Chromium. No MkDocs here."""
