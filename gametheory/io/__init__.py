"""Reading and writing game files of other tools (Gambit's .nfg and .efg)."""

from gametheory.io.efg import load_efg, read_efg, write_efg
from gametheory.io.nfg import load_nfg, read_nfg, write_nfg

__all__ = ["load_efg", "load_nfg", "read_efg", "read_nfg", "write_efg", "write_nfg"]
