#!/usr/bin/env python3
"""Validate links and structure: python scripts/validate.py [ROOT] [--format text|json|github]."""
import sys

from digitaltforst.cli import validate_main

if __name__ == "__main__":
    sys.exit(validate_main())
