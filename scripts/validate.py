#!/usr/bin/env python3
"""Validate links and structure: python scripts/validate.py [ROOT] [--format text|json|github]."""
import gc
import sys

if __name__ == "__main__":
    # A short run whose objects nearly all live until the end: the cyclic
    # collector would only walk them again and again (imports included), and
    # once more at exit. Frozen at the end, the exit skips that last walk.
    gc.disable()
    from digitaltforst.cli import validate_main

    code = validate_main()
    gc.freeze()
    sys.exit(code)
