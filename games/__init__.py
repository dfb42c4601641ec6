"""The scenario files that ship with fedlocal (read with importlib.resources)."""
