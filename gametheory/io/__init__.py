"""Reading and writing game files of other tools (Gambit)."""

from gametheory.io.nfg import load_nfg, read_nfg, write_nfg

__all__ = ["load_nfg", "read_nfg", "write_nfg"]
