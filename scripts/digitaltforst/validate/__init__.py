"""The validator: one small rule per check over one table built from the
content model, Swedish findings with file:line. No MkDocs here: the command
line (:mod:`digitaltforst.cli`) reads mkdocs.yml through the build side."""
