"""Digitalt först: kursmaterial — the tooling package.

One content model (:mod:`digitaltforst.model`) feeds the MkDocs plugin, the
validator, the PDFs and the benchmark.
"""
