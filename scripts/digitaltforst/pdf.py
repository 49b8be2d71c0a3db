"""PDFs (filled in by the handouts issue)."""
def build_pdfs(config, out):
    return 0
